#!/usr/bin/env bash
# The story of Mailbox-samples/, day by day: each day's mails are delivered into the desk's
# maildir and a pass runs at a pinned time; between the days, DoPT/SPV, NIC and the mail
# server answer the letters the desk wrote (scripts/reply-to-letters.py), as they would.
# Used by scripts/demo.sh and by the end-to-end tests.
#
#   scripts/story.sh IDDESK DESK LETTERS
#
# IDDESK is the binary, DESK a folder made by `iddesk init`, LETTERS where the desk's letters
# land (DESK/Outbox without an SMTP URL; the test SMTP server's folder with one). Every
# `iddesk process` line is printed under a heading for its day.
set -euo pipefail
bin=$1 desk=$2 letters=$3
samples="$(cd "$(dirname "$0")/.." && pwd)/Mailbox-samples/new"
reply="$(cd "$(dirname "$0")" && pwd)/reply-to-letters.py"
state="$desk/.story-replied"

deliver() {   # FROM TO (epoch seconds): the samples received in [FROM, TO)
  local f e
  for f in "$samples"/*; do
    e=${f##*/}; e=${e%%.*}
    if [ "$e" -ge "$1" ] && [ "$e" -lt "$2" ]; then cp "$f" "$desk/Maildir/new/"; fi
  done
}
answer() {   # KIND AT [--to ADDRESS]
  local kind=$1 at=$2; shift 2
  /usr/bin/python3 "$reply" "$kind" "$letters" "$desk/Maildir" --at "$at" --state "$state" "$@" 2>/dev/null
}
pass() {   # HEADING NOW
  echo "== $1"
  (cd "$desk" && "$bin" process --now "$2" --log-level warning) | grep -v "letters delivered to"
  echo
}
epoch() { date -d "$1" +%s; }

deliver 0 "$(epoch 2026-11-25T00:00:00+05:30)"
pass "Tue 24 Nov 2026, 18:00 — the first mails: two nominations, and the awkward ones" 2026-11-24T18:00:00+05:30
answer approve 2026-11-25T09:30:00+05:30
pass "Wed 25 Nov, 10:00 — DoPT/SPV reply APPROVE to the approval requests" 2026-11-25T10:00:00+05:30
deliver "$(epoch 2026-11-25T00:00:00+05:30)" "$(epoch 2026-11-26T00:00:00+05:30)"
pass "Wed 25 Nov, 16:00 — creation requests and status" 2026-11-25T16:00:00+05:30
answer created 2026-11-26T09:30:00+05:30
pass "Thu 26 Nov, 10:00 — NIC replies CREATED" 2026-11-26T10:00:00+05:30
deliver "$(epoch 2026-11-26T00:00:00+05:30)" "$(epoch 2026-11-27T00:00:00+05:30)"
pass "Thu 26 Nov, 17:00 — allocations (one by CSV) and a follow-up" 2026-11-26T17:00:00+05:30
answer reset-done 2026-11-27T09:30:00+05:30
answer bounce 2026-11-27T09:40:00+05:30 --to s.gupta@gov.in
pass "Fri 27 Nov, 10:00 — DoPT/SPV reply RESET DONE; a notice bounces" 2026-11-27T10:00:00+05:30
deliver "$(epoch 2026-11-27T00:00:00+05:30)" "$(epoch 2026-12-02T00:00:00+05:30)"
pass "Mon 30 Nov, 16:00 — a transfer, a retirement, a contractor leaving, and more" 2026-11-30T16:00:00+05:30
answer reset-done 2026-12-01T09:30:00+05:30
answer created 2026-12-01T09:35:00+05:30
pass "Tue 1 Dec, 10:00 — DoPT/SPV reply RESET DONE to the new tickets; NIC creates two more IDs" 2026-12-01T10:00:00+05:30
