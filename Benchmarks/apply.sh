#!/usr/bin/env bash
# Benchmarks/apply: mails applied per second on the production path — parse, rules, registry,
# queued letters, durable group commits — as the registry grows to MDOS MDOs and 7×MDOS
# generic IDs, with the traffic of ../shared/tools/gen-requests.py phase by phase
# (nominate, approve, create, created, allocate, reset, handover, vacate, reset).
# Each phase's pass is timed with letters left queued (an SMTP URL that is never dialled),
# the fastest of three passes from the same copy of the desk;
# a second pass then delivers them to the Outbox maildir, where the next phase's replies
# find their action codes. Target: at least 1,000 mails/s.
#
#   Benchmarks/apply.sh [MDOS]      (default 1000)
#
# With IDDESK_BENCH_KEEP=DIR, the desk as it is before each phase's pass (its mail in
# Maildir/new/) is kept as DIR/N-PHASE, for Benchmarks/interleave.sh. With IDDESK_BENCH_BIN=PATH,
# that iddesk binary is timed instead of a release build of this tree (two whole runs, old
# and new binary, compare changes whose effect grows with the registry).
set -euo pipefail
keep=${IDDESK_BENCH_KEEP:+$(realpath -m "$IDDESK_BENCH_KEEP")}
given=${IDDESK_BENCH_BIN:+$(realpath "$IDDESK_BENCH_BIN")}
unset IDDESK_BENCH_KEEP IDDESK_BENCH_BIN   # not settings of iddesk, which would warn of them
cd "$(dirname "$0")/.."
mdos=${1:-1000}

scripts/ensure-packages.sh
if [ -n "$given" ]; then
  bin=$given
else
  swift build -c release --static-swift-stdlib --product iddesk 2>&1 | grep -E 'error|warning: ' | grep -v mktemp || true
  bin=$(swift build -c release --static-swift-stdlib --product iddesk --show-bin-path)/iddesk
fi
gen=$PWD/../shared/tools/gen-requests.py
work=$(mktemp -d /tmp/iddesk-bench-apply.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin" init "$work/desk" --log-level warning > /dev/null
cd "$work/desk"
now=2026-11-30T12:00:00+05:30

printf '%-9s %7s %9s %11s %8s %8s\n' phase mails seconds "mails/s" MDOs IDs
run_phase() {   # phase [extra gen-requests args…]
  local phase=$1; shift
  /usr/bin/python3 "$gen" --phase "$phase" --mdos "$mdos" --seed 1 "$@" Maildir > /dev/null
  local count start end seconds="" run t
  count=$(ls Maildir/new | wc -l)
  # The fastest of three passes, each from the same copy of the desk with the disk synced
  # (this machine's speed moves from run to run); the last pass's desk goes on.
  cd ..; rm -rf base; cp -a desk base
  phases=$((${phases:-0} + 1))
  if [ -n "$keep" ]; then mkdir -p "$keep"; rm -rf "${keep:?}/$phases-$phase"; cp -a desk "$keep/$phases-$phase"; fi
  for run in 1 2 3; do
    rm -rf desk; cp -a base desk; sync; cd desk
    start=$(date +%s%N)
    IDDESK_SMTP_URL=smtp://127.0.0.1:1/bench "$bin" process --now "$now" --log-level error > /dev/null   # not the relay's warning
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", (b - a) / 1e9}')
    seconds=$(awk -v a="$seconds" -v b="$t" 'BEGIN{print (a == "" || b < a) ? b : a}')
    [ "$run" = 3 ] || cd ..
  done
  rm -rf ../base
  "$bin" process --now "$now" --log-level warning > /dev/null        # deliver the letters to Outbox/
  local sizes
  sizes=$(/usr/bin/python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('select count(*) from mdo').fetchone()[0], c.execute('select count(*) from generic_id').fetchone()[0])" iddesk.sqlite)
  printf '%-9s %7d %9s %11s %8s %8s\n' "$phase" "$count" "$seconds" "$(awk -v n="$count" -v t="$seconds" 'BEGIN{printf "%d", n / (t > 0 ? t : 0.001)}')" $sizes
  "$bin" requests --pending --format json --log-level warning > requests.json
}
run_phase nominate
run_phase approve --requests requests.json --letters Outbox
run_phase create
run_phase created --requests requests.json --letters Outbox
run_phase allocate
run_phase reset --requests requests.json --letters Outbox
run_phase handover
run_phase vacate
run_phase reset --day 8 --requests requests.json --letters Outbox
"$bin" audit verify --log-level warning
