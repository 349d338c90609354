#!/usr/bin/env python3
"""A relay that misbehaves on purpose, for the SMTP tests: a raw-socket server on 127.0.0.1.

    hostile_smtp.py DIR MODE

Prints "ready PORT" once listening and runs until its stdin closes. Counts new connections in
DIR/connections and messages it accepted (250 to the final dot) in DIR/accepted. MODE:
  one-per-connection  accepts one message a connection: a second MAIL on it is met by the
                    connection closing, no reply (relays that limit messages a connection, or
                    close idle ones while the desk thinks them open)
  greet-421         answers every connection with 421 and closes it
  greet-554         answers every connection with 554 "no SMTP service here" (RFC 5321 §3.1)
  mail-550          refuses the sender of every MAIL FROM with 550
  silent-dot        answers nothing to the first message's final dot (a stalled relay);
                    later connections behave
  silent-second-dot accepts the first message, then answers nothing to the second's final dot
                    (a relay that stalls on a kept connection); later messages are accepted
  multiline-550     refuses every recipient with a three-line 550 reply
"""
import os, socket, sys, threading

folder, mode = sys.argv[1], sys.argv[2]
os.makedirs(folder, exist_ok=True)
lock = threading.Lock()
counts = {"connections": 0, "accepted": 0}

def bump(name):
    with lock:
        counts[name] += 1
        with open(os.path.join(folder, name), "w") as f:
            f.write(str(counts[name]))
        return counts[name]

def serve(conn):
    reader = conn.makefile("rb")
    send = lambda text: conn.sendall(text.encode())
    messages = 0
    try:
        if mode == "greet-421":
            send("421 4.3.2 Service not available, closing transmission channel\r\n")
            return
        if mode == "greet-554":
            send("554 5.3.2 No SMTP service here\r\n")
            while reader.readline():
                send("503 5.5.1 No SMTP service here\r\n")
            return
        send("220 hostile.test ESMTP\r\n")
        while True:
            line = reader.readline()
            if not line:
                return
            command = line.decode("latin-1").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                send("250-hostile.test\r\n250 8BITMIME\r\n")
            elif command.startswith("MAIL"):
                if mode == "one-per-connection" and messages > 0:
                    return
                if mode == "mail-550":
                    send("550 5.7.1 Sender address rejected: not permitted to relay\r\n")
                    continue
                send("250 2.1.0 ok\r\n")
            elif command.startswith("RCPT"):
                if mode == "multiline-550":
                    send("550-5.1.1 first line of the refusal\r\n550-5.1.1 second line\r\n550 5.1.1 user unknown here\r\n")
                else:
                    send("250 2.1.5 ok\r\n")
            elif command == "DATA":
                send("354 go ahead\r\n")
                while True:
                    body = reader.readline()
                    if not body:
                        return
                    if body == b".\r\n":
                        break
                if mode == "silent-dot":
                    with lock:
                        first = counts.get("silent", 0) == 0
                        counts["silent"] = 1
                    if first:
                        threading.Event().wait(3600)
                        return
                if mode == "silent-second-dot":
                    with lock:
                        counts["dots"] = counts.get("dots", 0) + 1
                        stall = counts["dots"] == 2
                    if stall:
                        threading.Event().wait(3600)
                        return
                number = bump("accepted")
                messages += 1
                send("250 2.0.0 queued as Q%d\r\n" % number)
            elif command == "QUIT":
                send("221 2.0.0 bye\r\n")
                return
            else:
                send("250 2.0.0 ok\r\n")
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(64)

def accept():
    while True:
        conn, _ = listener.accept()
        bump("connections")
        threading.Thread(target=serve, args=(conn,), daemon=True).start()

threading.Thread(target=accept, daemon=True).start()
print("ready %d" % listener.getsockname()[1], flush=True)
sys.stdin.read()
