#!/usr/bin/env bash
# Benchmarks/send: letters per second from the desk's outbox to an SMTP server, against the
# tools an operator would pick instead, all sending to postfix's smtp-sink on loopback in the
# same run (aiosmtpd is too slow to measure against):
#   iddesk  `iddesk process` draining LETTERS queued letters over 1 and over 4 connections
#           (composing each letter from its template, one transaction per recipient, and
#           recording every outcome in the registry, durably, as in production);
#   smtplib Python's smtplib sending the same letter LETTERS times over one connection;
#   curl    one curl process sending it LETTERS times over its reused connection;
#   libcurl alone (Benchmarks/CurlCeiling, C) with 1 and 4 reused handles: the ceiling for
#           any sender built on libcurl, as iddesk is;
#   smtp-source (postfix) with 1 and 4 reused connections.
# It also prints what composing the letters alone costs iddesk (Benchmarks/ComposeBench), for
# where the time goes.
# Targets (issue 8): iddesk on one connection at least the curl and smtplib rates; on four at
# least 0.6 of smtp-source's on four.
#
#   Benchmarks/send.sh [LETTERS]      (default 2000)
set -euo pipefail
cd "$(dirname "$0")/.."
letters=${1:-2000}

scripts/ensure-packages.sh
if ! command -v smtp-sink >/dev/null 2>&1 && [ ! -x /usr/sbin/smtp-sink ]; then
  echo "Installing postfix for smtp-sink and smtp-source (not started, not configured)" >&2
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
PATH=$PATH:/usr/sbin
swift build -c release --static-swift-stdlib --product iddesk 2>&1 | grep -E 'error|warning: ' | grep -v mktemp || true
bin=$(swift build -c release --static-swift-stdlib --product iddesk --show-bin-path)/iddesk
work=$(mktemp -d /tmp/iddesk-bench-send.XXXXXX)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody 127.0.0.1:"$port" 1024 &
sink=$!
trap 'kill $sink 2>/dev/null; rm -rf "$work"' EXIT
sleep 0.5
now=2026-11-24T18:00:00+05:30
later=2026-11-24T18:05:00+05:30

# A desk with LETTERS replies queued: one office note per officer, each answered; the first
# pass dials a port where nothing listens, so every letter stays queued. (The day's summary
# to DoPT/SPV is queued too: one letter more, not counted.)
"$bin" init "$work/desk" --log-level warning > /dev/null
/usr/bin/python3 - "$work/desk/Maildir/new" "$letters" <<'PY'
import os, sys
folder, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    with open(os.path.join(folder, "%d.M%dP1.bench" % (1795495500 + i, i)), "w") as f:
        # Our own mail server's verdict, as it would stamp it: the sender check passes.
        f.write("Authentication-Results: mx.dopt.gov.in; dmarc=pass header.from=nic.in\n"
                "From: Officer %d <officer%d@nic.in>\nMessage-ID: <b%d@nic.in>\nSubject: Office note %d\n"
                "Date: Tue, 24 Nov 2026 10:00:00 +0530\n\nPlease see the note on file %d.\n" % (i, i, i, i, i))
PY
(cd "$work/desk" && IDDESK_SMTP_URL=smtp://127.0.0.1:1/bench "$bin" process --now "$now" --log-level error > /dev/null)
# One of those letters, as sent, for the other tools.
(cd "$work" && cp -a desk one && cd one && "$bin" process --now "$later" --log-level error > /dev/null)
sample=$(find "$work/one/Outbox/new" -type f -printf "%f\n" -quit)
cp "$work/one/Outbox/new/$sample" "$work/letter.eml"
size=$(wc -c < "$work/letter.eml")

elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", (b - a) / 1e9}'; }
rate() { awk -v n="$1" -v t="$2" 'BEGIN{printf "%d", n / t}'; }
declare -A rates
row() {   # name seconds
  rates[$1]=$(rate "$letters" "$2")
  printf '%-22s %8d %9s %10s\n' "$1" "$letters" "$2" "${rates[$1]}"
}
# Sets `best` to the fastest of three runs of a command, in seconds (this machine's speed
# moves from run to run); `prepare`, when set, runs untimed before each one. A failed run
# stops the script.
fastest() {   # command…
  local start end t
  best=""
  for _ in 1 2 3; do
    if [ -n "${prepare:-}" ]; then eval "$prepare"; fi
    start=$(date +%s%N)
    "$@" || { echo "failed: $*" >&2; exit 1; }
    end=$(date +%s%N)
    t=$(elapsed "$start" "$end")
    best=$(awk -v a="$best" -v b="$t" 'BEGIN{print (a == "" || b < a) ? b : a}')
  done
}
printf 'letter: %d bytes; server: smtp-sink on 127.0.0.1:%d; each figure the fastest of 3 runs\n' "$size" "$port"
printf '%-22s %8s %9s %10s\n' tool letters seconds letters/s

iddesk_pass() {   # connections
  (cd "$work/run" && IDDESK_SMTP_URL="smtp://127.0.0.1:$port/desk.dopt.gov.in" IDDESK_SMTP_STARTTLS=off IDDESK_SMTP_CONNECTIONS=$1 \
     "$bin" process --now "$later" --log-level error > /dev/null)
}
check_sent() {   # after the last run: every letter sent
  sent=$(/usr/bin/python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from letter_recipient where state='sent' and letter in (select id from letter where template <> 'daily-summary')\").fetchone()[0])" "$work/run/iddesk.sqlite")
  [ "$sent" = "$letters" ] || { echo "iddesk sent $sent of $letters" >&2; exit 1; }
}
for c in 1 4; do
  prepare='rm -rf "$work/run"; cp -a "$work/desk" "$work/run"; sync' fastest iddesk_pass "$c"
  check_sent
  row "iddesk, $c connection$([ "$c" = 4 ] && echo s)" "$best"
done
# Where iddesk's time goes: composing alone (template and MIME, one thread, nothing sent),
# the work a pass does for each letter besides libcurl's transfer and the recording.
swift build -c release --static-swift-stdlib --product compose-bench 2>&1 | grep -E 'error|warning: ' | grep -v mktemp || true
composing=$("$(swift build -c release --static-swift-stdlib --product compose-bench --show-bin-path)/compose-bench" "$work/desk" --now "$later" --rounds 5)

cat > "$work/send_smtplib.py" <<'PY'
import smtplib, sys
port, path, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
data = open(path, "rb").read()
with smtplib.SMTP("127.0.0.1", port) as s:
    s.ehlo("bench.dopt.gov.in")
    for i in range(count):
        s.sendmail("igot-desk@dopt.gov.in", ["officer%d@nic.in" % i], data)
PY
fastest /usr/bin/python3 "$work/send_smtplib.py" "$port" "$work/letter.eml" "$letters"
row "smtplib, 1 connection" "$best"

/usr/bin/python3 - "$port" "$work/letter.eml" "$letters" > "$work/curl.cfg" <<'PY'
import sys
port, path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    if i: print("next")
    print('url = "smtp://127.0.0.1:%s/bench.dopt.gov.in"' % port)
    print('mail-from = "igot-desk@dopt.gov.in"')
    print('mail-rcpt = "officer%d@nic.in"' % i)
    print('upload-file = "%s"' % path)
    print("silent")
PY
curl_run() { curl -K "$work/curl.cfg" > /dev/null; }
fastest curl_run
row "curl, 1 connection" "$best"

# libcurl alone, from C: threads each with one reused handle sending the letter from memory,
# nothing composed or recorded. The most any libcurl-based sender reaches here.
cc=$(command -v cc || command -v gcc || command -v clang)
"$cc" -O2 -o "$work/curl-ceiling" Benchmarks/CurlCeiling/curl-ceiling.c -lcurl -lpthread
for t in 1 4; do
  fastest "$work/curl-ceiling" "smtp://127.0.0.1:$port/bench.dopt.gov.in" "$work/letter.eml" "$letters" "$t"
  row "libcurl alone, $t conn." "$best"
done

for s in 1 4; do
  fastest smtp-source -d -s "$s" -m "$letters" -l "$size" -f igot-desk@dopt.gov.in -t officer@nic.in 127.0.0.1:"$port"
  row "smtp-source, $s conn." "$best"
done

echo
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; }
echo "iddesk 1 conn / smtplib:       $(ratio "${rates[iddesk, 1 connection]}" "${rates[smtplib, 1 connection]}")  (target >= 1)"
echo "iddesk 1 conn / curl:          $(ratio "${rates[iddesk, 1 connection]}" "${rates[curl, 1 connection]}")  (target >= 1)"
echo "iddesk 1 conn / smtp-source 1: $(ratio "${rates[iddesk, 1 connection]}" "${rates[smtp-source, 1 conn.]}")"
echo "iddesk 4 conn / smtp-source 4: $(ratio "${rates[iddesk, 4 connections]}" "${rates[smtp-source, 4 conn.]}")  (target >= 0.6)"
echo "iddesk 1 conn / libcurl alone 1: $(ratio "${rates[iddesk, 1 connection]}" "${rates[libcurl alone, 1 conn.]}")"
echo "iddesk 4 conn / libcurl alone 4: $(ratio "${rates[iddesk, 4 connections]}" "${rates[libcurl alone, 4 conn.]}")"
echo "iddesk composing alone: $composing"
echo "libcurl alone 4 / smtp-source 4: $(ratio "${rates[libcurl alone, 4 conn.]}" "${rates[smtp-source, 4 conn.]}")  (the ceiling for a libcurl sender)"
