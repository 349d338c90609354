#!/usr/bin/env bash
# The README's test command: installs what the tests need, builds once, runs every test.
# The end-to-end tests run the built iddesk binary and a real SMTP server (aiosmtpd) on
# 127.0.0.1; nothing leaves the machine.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/ensure-packages.sh
swift build --build-tests
mkdir -p .build
set +e
swift test --skip-build 2>&1 | tee .build/test.log
status=${PIPESTATUS[0]}
set -e

# A plain closing line for readers of the log: Swift Testing's own summary precedes it.
passed=$(grep -cE '^✔ Test "' .build/test.log || true)
failed=$(grep -cE '^✘ Test "' .build/test.log || true)
echo "${passed} passed, ${failed} failed"
exit "$status"
