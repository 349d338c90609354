#!/usr/bin/env bash
# Benchmarks/interleave: two iddesk binaries timed in turn over copies of one desk snapshot,
# for changes smaller than this machine's swings in speed (±20% from run to run, in spells of
# minutes): both binaries meet the same spells, and the medians of many rounds compare them.
#
#   Benchmarks/interleave.sh SNAPSHOT ROUNDS BIN_A BIN_B [NOW]
#
# SNAPSHOT is a desk folder with mail in Maildir/new/ (Benchmarks/apply.sh keeps one per
# phase with IDDESK_BENCH_KEEP=DIR). Each run copies it afresh, syncs the disk and times one
# `iddesk process` with letters left queued (an SMTP URL that is never dialled). A snapshot
# taken by an older binary is migrated by the first pass of a newer one: migrate it first
# (one `process` with Maildir/new/ empty) so that neither binary's figure includes it.
set -euo pipefail
snapshot=$1; rounds=$2; a=$3; b=$4; now=${5:-2026-11-30T12:00:00+05:30}
work=$(mktemp -d /tmp/iddesk-interleave.XXXXXX)
trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
  for bin in "$a" "$b"; do
    rm -rf "$work/desk"; cp -a "$snapshot" "$work/desk"; sync
    start=$(date +%s%N)
    (cd "$work/desk" && IDDESK_SMTP_URL=smtp://127.0.0.1:1/bench /usr/bin/time -f "%U %S" -o "$work/cpu" \
       "$bin" process --now "$now" --log-level error > /dev/null 2>&1)
    end=$(date +%s%N)
    echo "$bin $(awk -v s="$start" -v e="$end" 'BEGIN{print (e - s) / 1e9}') $(awk '{print $1 + $2}' "$work/cpu")"
  done
done > "$work/runs"
/usr/bin/python3 - "$work/runs" "$a" "$b" <<'PY'
import statistics, sys
runs = [line.split() for line in open(sys.argv[1])]
print(f"{'binary':40s} {'wall median':>12s} {'wall fastest':>13s} {'CPU median':>11s}")
figures = {}
for binary in sys.argv[2:4]:
    wall = [float(r[1]) for r in runs if r[0] == binary]; cpu = [float(r[2]) for r in runs if r[0] == binary]
    figures[binary] = (statistics.median(wall), min(wall), statistics.median(cpu))
    print(f"{binary:40s} {figures[binary][0]:11.3f}s {figures[binary][1]:12.3f}s {figures[binary][2]:10.2f}s")
(a, b) = (figures[sys.argv[2]], figures[sys.argv[3]])
print(f"B / A: wall median {b[0] / a[0]:.2f}, wall fastest {b[1] / a[1]:.2f}, CPU median {b[2] / a[2]:.2f}  ({len(runs) // 2} rounds)")
PY
