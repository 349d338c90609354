#!/usr/bin/python3
"""The same work as parse-bench, with Python's email package (policy=default): for every
file in MAILDIR/new, the Subject, the From address, the body (plain, else HTML) and the
attachment list with sizes. Prints messages, seconds and messages per second."""
import email
import email.policy
import os
import sys
import time

new = os.path.join(sys.argv[1], "new")
names = sorted(n for n in os.listdir(new) if not n.startswith("."))
checksum = 0
start = time.perf_counter()
for name in names:
    with open(os.path.join(new, name), "rb") as f:
        m = email.message_from_binary_file(f, policy=email.policy.default)
    checksum += len(str(m["subject"] or ""))
    addresses = m["from"].addresses if m["from"] is not None else ()
    checksum += len(addresses[0].addr_spec) if addresses else 0
    body = m.get_body(("plain", "html"))
    if body is not None:
        try:
            checksum += len(body.get_content())
        except Exception:
            pass
    for part in m.iter_attachments():
        try:
            content = part.get_content()
            checksum += len(part.get_filename() or "") + len(content if isinstance(content, bytes) else content.encode())
        except Exception:
            pass
seconds = time.perf_counter() - start
print(f"messages={len(names)} seconds={seconds:.3f} rate={int(len(names) / seconds)} checksum={checksum}")
