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
for f in Maildir/new/*; do
  echo "-- $(basename "$f")"
  # Until the parser lands (issue 3), show the raw header lines an operator would look at.
  awk '/^$/ {exit} /^(From|Subject|Date):/ {print "   " $0}' "$f"
done
echo
echo "The pipeline that reads, applies and answers these mails (iddesk process) arrives with"
echo "the next issues; the registry (demo/desk/iddesk.sqlite) and Outbox are ready for it."
