#!/usr/bin/env bash
# The README's demo command: installs what it needs, builds iddesk, sets up a desk in the
# scratch folder demo/ (SQLite registry, letters to demo/desk/Outbox, the sender check on:
# policy = "require", which the samples pass with our mail server's Authentication-Results)
# and runs it over the story of Mailbox-samples/ day by day (scripts/story.sh): two MDOs
# nominated, approved, given IDs, allocating them, and handing them over — with the awkward
# mail a real desk gets. Time is pinned, so every run files every mail the same way.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh
swift build --product iddesk 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
bin=$(swift build --product iddesk --show-bin-path)/iddesk
end=2026-12-01T10:00:00+05:30

rm -rf demo
"$bin" init demo/desk --now 2026-11-24T09:00:00+05:30 --log-level warning >/dev/null
cp Mailbox-samples/iddesk.toml demo/desk/iddesk.toml     # the demo configuration
echo "== A desk in demo/desk; $(ls Mailbox-samples/new | wc -l) mails in Mailbox-samples arrive day by day"
echo "   (each line: the mail, its request number, the command read, where it was filed and why)"
echo
scripts/story.sh "$bin" demo/desk demo/desk/Outbox
cd demo/desk

echo "== Where the mails are now"
for d in Maildir/new Maildir/cur Maildir/.*/new; do
  [ -d "$d" ] && printf '%-22s %s\n' "$d" "$(ls "$d" | wc -l)"
done
echo
for mdo in dopt dohe; do
  echo "== Roster of $mdo (iddesk roster --mdo $mdo)"
  "$bin" roster --mdo "$mdo" --now "$end"
  echo
done
echo "== Letters written: $(ls Outbox/new | wc -l) in demo/desk/Outbox/new (iddesk outbox lists them)"
echo
echo "== The handover that carried a password, as the desk stored it (.Refused)"
copy=$(grep -l "^Subject: Handover of generic ID igotdoptcc1@nic.in" Maildir/.Refused/new/* | head -1)
grep -iE "password|Successor" "$copy"
echo
echo "== The audit chain of what the desk did (iddesk audit verify)"
"$bin" audit verify --now "$end"
echo
echo "The forged handover and the forged nomination are in .Forged, unanswered; the auto-replies,"
echo "the list mail and the desk's own returned letter in .Ignored; the duplicate in .Duplicate; the"
echo "scanned letter in .Review. With [smtp] url set, the same letters go through your relay"
echo "instead (docs/operators.md). The desk is in demo/desk; its letters are in demo/desk/Outbox/new."
