#!/usr/bin/env bash
# Installs the Debian packages that building, testing and the demo need, when any is missing:
#   pkg-config, libcurl4-openssl-dev  CCurl finds libcurl through pkg-config
#   libsqlite3-dev                    GRDB links the system SQLite
#   python3-aiosmtpd                  the real SMTP server the tests send letters to
#   publicsuffix                      the public suffix list of the sender check
#   openssl                           test certificates for STARTTLS, made at test time
set -euo pipefail

packages=(pkg-config libcurl4-openssl-dev libsqlite3-dev python3-aiosmtpd publicsuffix openssl)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing missing system packages: ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "error: not root and no sudo; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
