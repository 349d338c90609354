#!/usr/bin/env bash
# Benchmarks/parse: messages per second parsing a 10,000-message maildir made by
# ../shared/tools/gen-maildir.py --count 10000 --seed 1, reading what the desk reads of each
# mail (Subject, From, the body, the attachment list), beside the tools a user would pick
# instead, in the same run:
#   python   Python's email package, policy=default, doing the same work (parse_python.py)
#   mblaze   mlist DIR | mshow -n (C; Debian package mblaze)
#   cat      cat new/* (reading the files, the floor)
# Prints each tool's rate and peak memory, then iddesk's ratios to the others.
#
#   Benchmarks/parse.sh [COUNT]      (default 10000; the maildir is cached under /tmp)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-10000}

scripts/ensure-packages.sh
for p in mblaze time; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || {
    [ "$(id -u)" -eq 0 ] && sudo= || sudo=sudo
    $sudo apt-get install -y -qq "$p" >/dev/null
  }
done

shared=../shared/tools/gen-maildir.py
maildir=/tmp/iddesk-bench-parse-$count
if [ ! -d "$maildir/new" ] || [ "$(ls "$maildir/new" | wc -l)" -ne "$count" ]; then
  rm -rf "$maildir"
  /usr/bin/python3 "$shared" --count "$count" --seed 1 --quiet "$maildir"
fi
swift build -c release --static-swift-stdlib --product parse-bench 2>&1 | grep -E 'error|warning: ' | grep -v mktemp || true
bench=$(swift build -c release --static-swift-stdlib --product parse-bench --show-bin-path)/parse-bench

cat "$maildir"/new/* > /dev/null   # warm the page cache for everyone

measure() {   # name, command...: runs it 3 times, keeps the fastest; prints "seconds peakKiB"
  local name=$1; shift
  local best="" mem=""
  for _ in 1 2 3; do
    local out
    out=$( { /usr/bin/time -f '%e %M' "$@" > /dev/null; } 2>&1 | tail -1)
    local s=${out% *} m=${out#* }
    if [ -z "$best" ] || awk "BEGIN{exit !($s < $best)}"; then best=$s; mem=$m; fi
  done
  echo "$best $mem"
}

read -r t_iddesk m_iddesk < <(measure iddesk "$bench" "$maildir")
read -r t_python m_python < <(measure python /usr/bin/python3 Benchmarks/parse_python.py "$maildir")
read -r t_mblaze m_mblaze < <(measure mblaze sh -c "mlist '$maildir' | mshow -n")
read -r t_cat m_cat < <(measure cat sh -c "cat '$maildir'/new/*")

rate() { awk -v n="$count" -v t="$1" 'BEGIN{ if (t <= 0) t = 0.005; printf "%d", n / t }'; }
printf '%-8s %10s %14s %14s\n' tool seconds messages/s "peak memory"
for t in iddesk python mblaze cat; do
  s=t_$t m=m_$t
  printf '%-8s %10s %14s %11s MiB\n' "$t" "${!s}" "$(rate "${!s}")" "$(awk -v k="${!m}" 'BEGIN{printf "%.1f", k/1024}')"
done
awk -v a="$t_iddesk" -v p="$t_python" -v m="$t_mblaze" -v c="$t_cat" 'BEGIN{
  printf "iddesk / python = %.1fx   (target at least 20x)\n", p / a
  printf "iddesk / mblaze = %.2fx  (target at least 0.8x)\n", m / a
  printf "iddesk / cat    = %.2fx  (the floor: reading the files)\n", c / a
}'
