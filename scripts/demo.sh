#!/usr/bin/env bash
# The README's demo command: installs what it needs, builds iddesk, sets up a desk in the
# scratch folder demo/ (SQLite registry, letters to demo/desk/Outbox), copies the bundled
# Mailbox-samples/ into its maildir and shows what the desk makes of each mail.
# Time is pinned, so every run prints the same.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh
swift build --product iddesk 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
bin=$(swift build --product iddesk --show-bin-path)/iddesk
now=2026-11-24T18:00:00+05:30

rm -rf demo
"$bin" init demo/desk --now "$now" --log-level warning >/dev/null
cp Mailbox-samples/new/* demo/desk/Maildir/new/
cd demo/desk

echo "== A desk in demo/desk, with $(ls Maildir/new | wc -l) mails from Mailbox-samples waiting in Maildir/new"
echo "== What the desk reads of each mail (iddesk inspect)"
"$bin" inspect Maildir/new/* --now "$now"
echo
echo "== One pass over the maildir (iddesk process)"
"$bin" process --now "$now" --log-level warning
echo
echo "== Where the mails are now"
for d in Maildir/new Maildir/cur Maildir/.*/new; do
  [ -d "$d" ] && printf '%-22s %s\n' "$d" "$(ls "$d" | wc -l)"
done
echo
echo "== Requests (iddesk requests)"
"$bin" requests --now "$now"
echo
echo "== Letters queued for sending (iddesk outbox)"
"$bin" outbox --now "$now"
echo
echo "== The approval request the desk wrote to DoPT/SPV (Outbox/new), as inspect reads it"
letter=$(grep -l "^Subject: \[REQ-2026-000001/" Outbox/new/* | head -1)
"$bin" inspect "$letter" --now "$now" | sed -n '/^Subject:/p;/^Attachments:/p;/^Text:/,$p'
echo
echo "== The handover that carried a password, as the desk stored it (.Refused)"
copy=$(grep -l "^Subject: Handover of generic ID igotdoptcc1" Maildir/.Refused/new/* | head -1)
grep -iE "password|Successor" "$copy"
echo
echo "== The audit chain of what the pass did (iddesk audit verify)"
"$bin" audit verify --now "$now"
echo
echo "The nomination waits for DoPT/SPV's APPROVE (its approval request carries the action code);"
echo "the creation request is refused until then. The sender check (policy = \"require\", the"
echo "samples carry our mail server's Authentication-Results) filed the forged handover and the"
echo "forged nomination to .Forged, unanswered; the auto-reply is ignored; the password in the"
echo "last handover was cut from the stored copy and the reply warns the officer."
echo "With [smtp] url set, the same letters go through your relay instead (docs/operators.md)."
echo "The desk is in demo/desk; its letters are in demo/desk/Outbox/new."
