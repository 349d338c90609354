#!/usr/bin/env bash
# Benchmarks/poll: the time of one `iddesk process` pass with 10 mails in new/, once with
# 100,000 mails already in cur/ and once with none. A pass reads only new/, so the two must
# be of the same order (workflow.md §6: cost follows the new mail, not the mailbox).
#
#   Benchmarks/poll.sh [CUR_COUNT]     (default 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cur_count=${1:-100000}

scripts/ensure-packages.sh
swift build -c release --static-swift-stdlib --product iddesk 2>&1 | grep -E 'error|warning: ' | grep -v mktemp || true
bin=$(swift build -c release --static-swift-stdlib --product iddesk --show-bin-path)/iddesk
work=$(mktemp -d /tmp/iddesk-bench-poll.XXXXXX)
trap 'rm -rf "$work"' EXIT

setup() {   # folder, count in cur/
  "$bin" init "$1" --log-level warning > /dev/null
  /usr/bin/python3 - "$1/Maildir/cur" "$2" <<'PY'
import os, sys
cur, n = sys.argv[1], int(sys.argv[2])
body = b"From: officer@example.nic.in\nSubject: old mail\nDate: Mon, 02 Nov 2026 10:00:00 +0530\n\nhandled long ago\n"
for i in range(n):
    with open(os.path.join(cur, f"{1790000000 + i}.M{i}P1.mx.example.gov.in,S={len(body)}:2,S"), "wb") as f:
        f.write(body)
PY
}

fill_new() {   # folder: 10 fresh mails in new/
  for i in $(seq 1 10); do
    printf 'From: a.kumar@nic.in\nSubject: Status dopt\nDate: Tue, 24 Nov 2026 10:00:0%d +0530\n\nMDO code: dopt\n' $((i % 10)) \
      > "$1/Maildir/new/17954955$(printf %02d "$i").M$i.P1.bench"
  done
}

measure() {   # folder: fastest of 5 passes, seconds
  local best=""
  for _ in 1 2 3 4 5; do
    fill_new "$1"
    local start end t
    start=$(date +%s%N)
    "$bin" process --config "$1/iddesk.toml" --log-level warning > /dev/null
    end=$(date +%s%N)
    t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.4f", (b - a) / 1e9}')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
  done
  echo "$best"
}

echo "setting up: $cur_count mails in cur/ ..."
setup "$work/full" "$cur_count"
setup "$work/empty" 0
t_full=$(measure "$work/full")
t_empty=$(measure "$work/empty")
printf '%-28s %8s s\n' "10 new, $cur_count in cur/" "$t_full" "10 new, 0 in cur/" "$t_empty"
awk -v a="$t_full" -v b="$t_empty" 'BEGIN{ if (b <= 0) b = 0.005; printf "ratio = %.2f (same order when under 10)\n", a / b }'
