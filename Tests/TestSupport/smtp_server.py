#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for the tests (Debian's python3-aiosmtpd).

Usage: smtp_server.py DIR [--auth USER:PASS] [--tls CERT KEY]
Prints "ready PORT" once listening, then serves until its standard input closes.
Behaviour by recipient: refuse@… gets 550 at RCPT; later@… gets 451 at RCPT the first time,
then is accepted; everyone else is accepted. Each accepted message is written to
DIR/N-RECIPIENT.eml; DIR/connections holds the number of EHLO/HELO greetings (one per
connection). With --tls the server offers STARTTLS with that certificate and requires it
before MAIL; DIR/tls counts the messages that arrived over TLS."""
import os, socket, ssl, sys, threading
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

out = sys.argv[1]
auth = None
if "--auth" in sys.argv:
    auth = sys.argv[sys.argv.index("--auth") + 1].split(":", 1)
tls = None
if "--tls" in sys.argv:
    i = sys.argv.index("--tls")
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(sys.argv[i + 1], sys.argv[i + 2])
os.makedirs(out, exist_ok=True)
lock = threading.Lock()
state = {"n": 0, "connections": 0, "tls": 0, "later": set()}

class Handler:
    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with lock:
            state["connections"] += 1
            open(os.path.join(out, "connections"), "w").write(str(state["connections"]))
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        if local == "refuse":
            return "550 5.1.1 <%s>: no such user here" % address
        if local == "later":
            with lock:
                if address not in state["later"]:
                    state["later"].add(address)
                    return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with lock:
            state["n"] += 1
            n = state["n"]
            if session.ssl is not None:
                state["tls"] += 1
                open(os.path.join(out, "tls"), "w").write(str(state["tls"]))
        for rcpt in envelope.rcpt_tos:
            with open(os.path.join(out, "%04d-%s.eml" % (n, rcpt)), "wb") as f:
                f.write(envelope.original_content or envelope.content)
        return "250 2.0.0 Ok: queued as %d" % n

def authenticator(server, session, envelope, mechanism, auth_data):
    if isinstance(auth_data, LoginPassword) and auth and auth_data.login.decode() == auth[0] and auth_data.password.decode() == auth[1]:
        return AuthResult(success=True)
    return AuthResult(success=False, handled=False)

if "--port" in sys.argv:
    # A given port: the relay "coming back" where the desk expects it.
    port = int(sys.argv[sys.argv.index("--port") + 1])
else:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
kwargs = {}
if auth:
    kwargs = dict(authenticator=authenticator, auth_require_tls=False, auth_required=True)
if tls:
    kwargs.update(tls_context=tls, require_starttls=True)
controller = Controller(Handler(), hostname="127.0.0.1", port=port, **kwargs)
controller.start()
print("ready %d" % port, flush=True)
sys.stdin.read()
controller.stop()
