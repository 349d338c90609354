#!/usr/bin/env python3
"""Answers the desk's letters the way DoPT/SPV, NIC and a mail server would, for the demo and
the end-to-end tests: the replies that must carry the action code of a letter the desk wrote.

  reply-to-letters.py KIND LETTERS MAILDIR --at 2026-11-25T09:30:00+05:30 [--state FILE] [--to ADDRESS]

KIND is one of:
  approve     DoPT/SPV (spv.igot@nic.in) replies APPROVE to each approval request for a nomination
  created     NIC (support.igot@nic.in) replies CREATED to each request to create generic IDs
  reset-done  DoPT/SPV replies RESET DONE to each reset ticket
  bounce      the desk's own mail server returns the letters sent to --to ADDRESS (an RFC 3464 DSN)

LETTERS is the Outbox maildir (or any folder of .eml files, as a test SMTP server writes them).
Each reply keeps the letter's Subject, with its [REQ-.../CODE] tag, after "Re: ", and arrives in
MAILDIR/new with our mail server's Received and Authentication-Results fields and a receipt time
of --at. --state names a file of letters already answered, so a letter is answered once.
"""
import argparse, datetime, email, email.policy, os, re, sys

KINDS = {
    "approve": ("spv.igot@nic.in", re.compile(r"\[(REQ-\d{4}-\d{6})/[0-9A-Z]{8}\] Approval requested: nomination"), "APPROVE"),
    "created": ("support.igot@nic.in", re.compile(r"\[(REQ-\d{4}-\d{6})/[0-9A-Z]{8}\] Creation of generic IDs"), "CREATED"),
    "reset-done": ("spv.igot@nic.in", re.compile(r"\[(REQ-\d{4}-\d{6})/[0-9A-Z]{8}\] Reset"), "RESET DONE"),
}


def letters(folder):
    """(path, message) of every letter file in a maildir or a plain folder."""
    places = [os.path.join(folder, "new"), os.path.join(folder, "cur")] if os.path.isdir(os.path.join(folder, "new")) else [folder]
    for place in places:
        for name in sorted(os.listdir(place)):
            path = os.path.join(place, name)
            if os.path.isfile(path):
                with open(path, "rb") as f:
                    yield path, email.message_from_binary_file(f, policy=email.policy.compat32)


def header(dt, sender_domain):
    stamp = dt.strftime("%a, %d %b %Y %H:%M:%S +0530")
    return ("Received: from mail.nic.in (mail.nic.in [164.100.14.95])\n\tby mx.dopt.gov.in (Postfix) with ESMTPS id R%d\n"
            "\tfor <igot-desk@dopt.gov.in>; %s\n"
            "Authentication-Results: mx.dopt.gov.in;\n\tdkim=pass header.d=%s header.s=s2025;\n\tspf=pass smtp.mailfrom=%s;\n"
            "\tdmarc=pass (p=REJECT) header.from=%s\n" % (int(dt.timestamp()), stamp, sender_domain, sender_domain, sender_domain))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=sorted(list(KINDS) + ["bounce"]))
    parser.add_argument("letters")
    parser.add_argument("maildir")
    parser.add_argument("--at", required=True, help="receipt time, ISO 8601 with offset")
    parser.add_argument("--state", help="file of Message-IDs already answered")
    parser.add_argument("--to", help="for bounce: the recipient whose letters come back")
    args = parser.parse_args()
    at = datetime.datetime.fromisoformat(args.at)
    done = set()
    if args.state and os.path.exists(args.state):
        done = set(open(args.state).read().split())
    os.makedirs(os.path.join(args.maildir, "new"), exist_ok=True)
    os.makedirs(os.path.join(args.maildir, "tmp"), exist_ok=True)
    written = 0
    seen = set()
    for path, letter in letters(args.letters):
        message_id = (letter.get("Message-ID") or "").strip()
        subject = " ".join((letter.get("Subject") or "").split())
        to = (letter.get("To") or "").lower()
        if not message_id or message_id in done or message_id in seen:
            continue
        if args.kind == "bounce":
            if not args.to or args.to.lower() not in to:
                continue
            sender = "MAILER-DAEMON@mx.dopt.gov.in"
            boundary = "report-%d" % (int(at.timestamp()) + written)
            returned = "".join("%s: %s\n" % (k, v) for k, v in letter.items() if k.lower() in
                               ("from", "to", "cc", "subject", "date", "message-id"))
            text = ("Received: by mx.dopt.gov.in (Postfix)\n\tid B%d; %s\n" % (int(at.timestamp()), at.strftime("%a, %d %b %Y %H:%M:%S +0530")) +
                    "From: MAILER-DAEMON@mx.dopt.gov.in (Mail Delivery System)\nTo: igot-desk@dopt.gov.in\n"
                    "Subject: Undelivered Mail Returned to Sender\nDate: %s\nMessage-ID: <bounce.%d@mx.dopt.gov.in>\n"
                    "Auto-Submitted: auto-replied\nMIME-Version: 1.0\n"
                    "Content-Type: multipart/report; report-type=delivery-status; boundary=\"%s\"\n\n"
                    "--%s\nContent-Type: text/plain; charset=us-ascii\n\nThis is the mail system at host mx.dopt.gov.in.\n\n"
                    "I'm sorry to have to inform you that your message could not be delivered to one or more recipients.\n\n"
                    "<%s>: host mail.gov.in[164.100.14.21] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown\n\n"
                    "--%s\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.dopt.gov.in\n\n"
                    "Final-Recipient: rfc822; %s\nOriginal-Recipient: rfc822;%s\nAction: failed\nStatus: 5.1.1\n"
                    "Remote-MTA: dns; mail.gov.in\nDiagnostic-Code: smtp; 550 5.1.1 <%s>: Recipient address rejected: User unknown\n\n"
                    "--%s\nContent-Type: text/rfc822-headers\n\n%s\n--%s--\n"
                    % (at.strftime("%a, %d %b %Y %H:%M:%S +0530"), int(at.timestamp()) + written, boundary, boundary,
                       args.to, args.to, boundary, args.to, args.to, args.to, boundary, returned, boundary))
        else:
            address, pattern, word = KINDS[args.kind]
            if address not in to or not pattern.search(subject):
                continue
            sender = address
            text = (header(at, "nic.in") +
                    "From: %s\nTo: igot-desk@dopt.gov.in\nSubject: Re: %s\nDate: %s\nMessage-ID: <reply.%d.%d@nic.in>\n"
                    "In-Reply-To: %s\nReferences: %s\nMIME-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\n%s\n\nRegards\n"
                    % (sender, subject, at.strftime("%a, %d %b %Y %H:%M:%S +0530"), int(at.timestamp()), written,
                       message_id, message_id, word))
        name = "%d.R%dP%d.demo.dopt.gov.in" % (int(at.timestamp()), written, os.getpid())
        temporary = os.path.join(args.maildir, "tmp", name)
        with open(temporary, "w") as f:
            f.write(text)
        os.rename(temporary, os.path.join(args.maildir, "new", name))
        seen.add(message_id)
        written += 1
    if args.state:
        with open(args.state, "a") as f:
            for message_id in sorted(seen):
                f.write(message_id + "\n")
    print("%d %s mail(s) written" % (written, args.kind), file=sys.stderr)


if __name__ == "__main__":
    main()
