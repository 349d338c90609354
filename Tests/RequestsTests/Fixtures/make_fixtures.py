#!/usr/bin/python3
"""Writes the request-grammar fixtures: one RFC 822 file per case (NAME.eml), written the
way Outlook 365, Gmail, NIC/Zimbra web mail and Hindi Outlook write mail, and beside it the
expected reading (NAME.json): the `request` object of `iddesk inspect --format json`
(cli.md shapes), the problems (field, value seen, and words the expectation must contain),
the `ignored` reason's words, and strings that must never appear in the output (planted
passwords). The expectations are written here by hand from the spec, not produced by the
desk. Run it to regenerate after editing: python3 make_fixtures.py"""
import base64, json, os, quopri, sys
from email.utils import format_datetime
import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
DESK = "igot-desk@dopt.gov.in"
AR = ("Authentication-Results: mx.dopt.gov.in;\n\tdkim=pass header.d=nic.in header.s=s1;\n"
      "\tspf=pass smtp.mailfrom=nic.in; dmarc=pass header.from=nic.in\n")
DATE = datetime.datetime(2026, 11, 24, 10, 15, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30)))
CASES = []

def officer(name, designation, email, mobile=None, agency=None, contract_end=None):
    return {"name": name, "designation": designation, "email": email, "mobile": mobile,
            "agency": agency, "contract_end": contract_end}

KUMAR = officer("Shri A. Kumar", "Deputy Secretary", "a.kumar@nic.in", "9800000001")
SHARMA = officer("Ms. B. Sharma", "Section Officer", "b.sharma@gov.in", "9800000002")
VERMA = officer("Shri C. Verma", "Assistant Director", "c.verma@nic.in", "9800000003")
RAO = officer("Ms. D. Rao", "Consultant", "d.rao@learnwell.example.com", "9800000004", "Learnwell Pvt Ltd", "2027-03-31")
IYER = officer("Smt. F. Iyer", "Under Secretary", "f.iyer@nic.in", "9800000005")
SINGH = officer("Shri E. Singh", "Section Officer", "e.singh@nic.in", "9800000006")

def nomination(code="dopt", name="Department of Personnel and Training",
               ministry="Ministry of Personnel, Public Grievances and Pensions", nodal=KUMAR, admin=SHARMA):
    return {"type": "nomination", "mdo": {"code": code, "name": name, "ministry": ministry}, "nodal": nodal, "admin": admin}

def creation(ids=None, counts=None, mdo="dopt"):
    return {"type": "createIDs", "mdo": mdo, "ids": ids, "counts": counts}

def allocation(rows, mdo="dopt"):
    return {"type": "allocation", "mdo": mdo, "rows": [{"id": i, "officer": o} for i, o in rows]}

def handover(id="igotdoptcc1@nic.in", outgoing="c.verma@nic.in", reason="transfer", effective="2026-12-15", successor=SINGH):
    return {"type": "handover", "id": id, "outgoing": outgoing, "reason": reason, "effective": effective, "successor": successor}

def vacancy(id="igotdoptcr2@nic.in", officer="g.nair@nic.in", reason="retirement", effective="2026-11-30"):
    return {"type": "vacancy", "id": id, "officer": officer, "reason": reason, "effective": effective}

def status(mdo=None, request=None):
    return {"type": "status", "mdo": mdo, "request": request}

def control(*lines):
    return {"type": "control", "lines": [dict(word=w, request=r, code=c, reason=reason, ids=ids) for (w, r, c, reason, ids) in lines]}

def case(name, subject, body, *, expect=None, problems=(), ignored=None, style="zimbra", sender="a.kumar@nic.in",
         sender_name="A. Kumar", html=None, headers="", attachments=(), forbidden=(), quoted=""):
    CASES.append(dict(name=name, subject=subject, body=body, expect=expect, problems=list(problems), ignored=ignored,
                      style=style, sender=sender, sender_name=sender_name, html=html, headers=headers,
                      attachments=list(attachments), forbidden=list(forbidden), quoted=quoted))

def p(field, seen, contains):
    return {"field": field, "seen": seen, "expected": contains}

# ---------------------------------------------------------------- nominations
NOMINATION = """MDO: Department of Personnel and Training
MDO code: dopt
Ministry: Ministry of Personnel, Public Grievances and Pensions

Nodal Officer
Name: Shri A. Kumar
Designation: Deputy Secretary
Email: a.kumar@nic.in
Mobile: 9800000001

Admin
Name: Ms. B. Sharma
Designation: Section Officer
Email: b.sharma@gov.in
Mobile: 9800000002
"""
SUBJ_NOM = "Nomination of Nodal Officer and Admin for iGOT Karmayogi - DoPT"
case("nom-canonical-zimbra", SUBJ_NOM, NOMINATION, expect=nomination())
case("nom-outlook-alternative", SUBJ_NOM, "Sir/Madam,\n\nThe following officers are nominated.\n\n" + NOMINATION + "\nRegards\nA. Kumar\n", style="outlook", expect=nomination())
case("nom-outlook-html-only", SUBJ_NOM, NOMINATION, style="outlook-html", expect=nomination())
case("nom-outlook-html-table", SUBJ_NOM, NOMINATION, style="outlook-table", expect=nomination())
case("nom-gmail", SUBJ_NOM, NOMINATION + "\nThanks & Regards,\nA. Kumar\n", style="gmail", expect=nomination())
case("nom-one-line", "Nomination - dopt", """MDO: Department of Personnel and Training
MDO code: DOPT
Ministry: Ministry of Personnel, Public Grievances and Pensions
Nodal Officer: Shri A. Kumar, Deputy Secretary, a.kumar@nic.in, 9800000001
Admin: Ms. B. Sharma, Section Officer, <b.sharma@gov.in>, 9800000002
""", expect=nomination())
case("nom-long-labels-bullets", "Nominated officers for iGOT", """1. Name of the Ministry/Department: Department of Personnel and Training
2. MDO Code - dopt
3. Ministry = Ministry of Personnel, Public Grievances and Pensions
(a) Name of the Nodal Officer: Shri A. Kumar
(b) Designation of the Nodal Officer: Deputy Secretary
(c) E-mail ID (NIC) of the Nodal Officer: a.kumar@nic.in
(d) Mob. No. of the Nodal Officer: +91 98000 00001
• Name of the Admin: Ms. B. Sharma
• Post of the Admin: Section Officer
• Official e-mail of the Admin: b.sharma@gov.in
• Contact of the Admin: 098000-00002
""", expect=nomination())
case("nom-tab-and-case", "NOMINATE nodal officer", "mdo\tDepartment of Personnel and Training\nCODE\tdopt\nministry\tMinistry of Personnel, Public Grievances and Pensions\n\nNODAL OFFICER\nNAME\tShri A. Kumar\nDESIGNATION\tDeputy Secretary\nEMAIL ID\ta.kumar@nic.in\nPHONE\t9800000001\n\nADMIN\nname\tMs. B. Sharma\npost\tSection Officer\nmail id\tb.sharma@gov.in\nmobile\t9800000002\n", expect=nomination())
case("nom-hindi-labels", "नोडल अधिकारी का nomination - dopt", """कार्यालय: कार्मिक और प्रशिक्षण विभाग
MDO code: dopt

Nodal Officer
नाम: श्री ए. कुमार
पदनाम: उप सचिव
ई-मेल: a.kumar@nic.in
मोबाइल: 9800000001

Admin
नाम: सुश्री बी. शर्मा
पदनाम: अनुभाग अधिकारी
ईमेल: b.sharma@gov.in
मोबाइल: 9800000002

सादर
ए. कुमार
""", style="hindi-outlook", expect=nomination(name="कार्मिक और प्रशिक्षण विभाग", ministry=None,
    nodal=officer("श्री ए. कुमार", "उप सचिव", "a.kumar@nic.in", "9800000001"),
    admin=officer("सुश्री बी. शर्मा", "अनुभाग अधिकारी", "b.sharma@gov.in", "9800000002")))
case("nom-bidi-in-name", SUBJ_NOM, NOMINATION.replace("Shri A. Kumar", "Shri A.\u202e Kumar\u200f"), expect=nomination())
case("nom-body-shape", "iGOT Karmayogi", NOMINATION, expect=nomination())
case("nom-missing-code", SUBJ_NOM, NOMINATION.replace("MDO code: dopt\n", ""),
     problems=[p("MDO code", None, "for example dpt")])
case("nom-bad-code", SUBJ_NOM, NOMINATION.replace("MDO code: dopt", "MDO code: d"), problems=[p("MDO code", "d", "2 to 16")])
case("nom-non-government", SUBJ_NOM, NOMINATION.replace("b.sharma@gov.in", "b.sharma@gmail.com").replace("a.kumar@nic.in", "a.kumar@fakegov.in"),
     problems=[p("Nodal Officer Email", "a.kumar@fakegov.in", "government address"), p("Admin Email", "b.sharma@gmail.com", "government address")])
case("nom-same-person", SUBJ_NOM, NOMINATION.replace("b.sharma@gov.in", "A.Kumar@nic.in"), problems=[p("Admin Email", "a.kumar@nic.in", "different person")])
case("nom-missing-fields", SUBJ_NOM, NOMINATION.replace("Designation: Section Officer\n", "").replace("Mobile: 9800000001\n", ""),
     expect=None, problems=[p("Admin Designation", None, "designation")])
case("nom-cyrillic-lookalike", SUBJ_NOM, NOMINATION.replace("a.kumar@nic.in", "a.kumar@n\u0456c.in"),
     problems=[p("Nodal Officer Email", "a.kumar@n\u0456c.in", "ASCII")])
case("nom-bad-name-chars", SUBJ_NOM, NOMINATION.replace("Ms. B. Sharma", "Ms. B. Sharma <script>"),
     problems=[p("Admin Name", "Ms. B. Sharma <script>", "letters")])
case("nom-everything-wrong", "Nomination", "Nodal Officer\nName: X\nEmail: x@gmail.com\n",
     problems=[p("MDO code", None, "short code"), p("MDO", None, "MDO's name"), p("Nodal Officer Designation", None, "designation"),
               p("Nodal Officer Email", "x@gmail.com", "government"), p("Admin", None, "Admin's name")])

NESTED_HTML = """<table class=MsoNormalTable><tr><td><p class=MsoNormal><b>Nomination for iGOT Karmayogi</b><o:p></o:p></p>
<table class=MsoTableGrid border=1><tr><td><b>S.No.</b></td><td><b>Particulars</b></td><td><b>Details</b></td></tr>
<tr><td>1.</td><td>Name of the Ministry/Department</td><td>Department of Personnel and Training</td></tr>
<tr><td>2.</td><td>MDO&nbsp;Code</td><td>dopt</td></tr>
<tr><td>3.</td><td>Ministry</td><td>Ministry of Personnel, Public Grievances and Pensions</td></tr></table>
<p class=MsoNormal><b>Nodal Officer</b><o:p></o:p></p>
<table><tr><td>(a)</td><td>Name</td><td>Shri A.&nbsp;Kumar</td></tr><tr><td>(b)</td><td>Designation</td><td>Deputy Secretary</td></tr>
<tr><td>(c)</td><td>E-mail</td><td><a href="mailto:a.kumar@nic.in">a.kumar@nic.in</a></td></tr><tr><td>(d)</td><td>Mobile</td><td>9800000001</td></tr></table>
<p class=MsoNormal><b>Admin</b><o:p></o:p></p>
<table><tr><td>(a)</td><td>Name</td><td>Ms. B. Sharma</td></tr><tr><td>(b)</td><td>Designation</td><td>Section Officer</td></tr>
<tr><td>(c)</td><td>E-mail</td><td>b.sharma@gov.in</td></tr><tr><td>(d)</td><td>Mobile</td><td>9800000002</td></tr></table>
</td></tr></table>"""
case("nom-outlook-nested-three-cell", SUBJ_NOM, "", style="outlook-html-raw", html=NESTED_HTML, expect=nomination())

# ---------------------------------------------------------------- creation
CREATION = "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in\nigotdoptcc2@nic.in\nigotdoptcr1@nic.in\nigotdoptcp@nic.in\n"
IDS4 = ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in", "igotdoptcr1@nic.in", "igotdoptcp@nic.in"]
case("create-list", "Request for creation of generic IDs - dopt", CREATION, expect=creation(IDS4))
case("create-outlook-html", "Request for creation of generic IDs - dopt", CREATION, style="outlook-html", expect=creation(IDS4))
case("create-inline-list", "Create generic IDs", "MDO code: dopt\nIDs: igotdoptcc1@nic.in, igotdoptcc2@nic.in; igotdoptcr1@nic.in igotdoptcp@nic.in\n", expect=creation(IDS4))
case("create-by-count", "Creation of IDs", "MDO code: dopt\nContent creators: 2\nContent reviewers: 1\nContent publishers: 1\nNodal: yes\nAdmin: yes\n",
     expect=creation(None, {"nodal": 1, "admin": 1, "creators": 2, "reviewers": 1, "publishers": 1}))
case("create-by-count-shape", "iGOT IDs", "MDO code: dopt\nNo. of Content Creators = 3\n", expect=creation(None, {"nodal": 0, "admin": 0, "creators": 3, "reviewers": 0, "publishers": 0}))
case("create-cp1", "Request for creation of generic IDs", "MDO code: dopt\nIDs:\nigotdoptcp1@nic.in\n", problems=[p("IDs", "igotdoptcp1@nic.in", "did you mean igotdoptcp@nic.in")])
case("create-leading-zero", "create IDs", "MDO code: dopt\nIDs:\nigotdoptcc01@nic.in\n", problems=[p("IDs", "igotdoptcc01@nic.in", "leading zeros")])
case("create-other-mdo-and-domain", "create IDs", "MDO code: dopt\nIDs:\nigotmeacc1@nic.in\nigotdoptcc1@gov.in\nkumar@nic.in\n",
     problems=[p("IDs", "igotmeacc1@nic.in", "MDO dopt"), p("IDs", "igotdoptcc1@gov.in", "on nic.in"), p("IDs", "kumar@nic.in", "igot{code}{slot}")])
case("create-empty", "Request for creation of generic IDs - dopt", "MDO code: dopt\nPlease create the IDs.\n", problems=[p("IDs", None, "the IDs to create")])
case("create-too-many", "creation", "MDO code: dopt\nContent creators: 25\n", problems=[p("IDs", "25", "at most 20")])
case("create-duplicate", "creation", "MDO code: dopt\nIDs:\nigotdoptcc1@nic.in\nIGOTDOPTCC1@NIC.IN\n", problems=[p("IDs", "IGOTDOPTCC1@NIC.IN", "each ID once")])

# ---------------------------------------------------------------- allocation
ALLOCATION = """MDO code: dopt
igotdoptcc1@nic.in: Shri C. Verma, Assistant Director, c.verma@nic.in, 9800000003
igotdoptcc2@nic.in: Ms. D. Rao, Consultant, d.rao@learnwell.example.com, 9800000004, Agency: Learnwell Pvt Ltd, Contract end: 31/03/2027
igotdoptcr1@nic.in: Smt. F. Iyer, Under Secretary, f.iyer@nic.in, 9800000005
"""
ROWS3 = [("igotdoptcc1@nic.in", VERMA), ("igotdoptcc2@nic.in", RAO), ("igotdoptcr1@nic.in", IYER)]
case("alloc-canonical", "Allocation of generic IDs - dopt", ALLOCATION, expect=allocation(ROWS3))
case("alloc-gmail-base64", "Allocation of generic IDs - dopt", ALLOCATION, style="gmail-base64", expect=allocation(ROWS3))
case("alloc-assign-word", "Assignment of IDs to officers", ALLOCATION, expect=allocation(ROWS3))
case("alloc-body-shape", "iGOT Karmayogi IDs", ALLOCATION, expect=allocation(ROWS3))
case("alloc-angle-address", "allocate", "MDO code: dopt\nigotdoptcc1@nic.in: Shri C. Verma <c.verma@nic.in>, Assistant Director, 9800000003\n",
     expect=allocation([("igotdoptcc1@nic.in", officer("Shri C. Verma", "Assistant Director", "c.verma@nic.in", "9800000003"))]))
CSV = ("\ufeffGeneric_ID,Name,Designation,Email,Mobile,Agency,Contract_End,Remarks\n"
       "igotdoptcc1@nic.in,Shri C. Verma,Assistant Director,c.verma@nic.in,9800000003,,,\n"
       "igotdoptcc2@nic.in,Ms. D. Rao,Consultant,d.rao@learnwell.example.com,9800000004,\"Learnwell Pvt Ltd\",31.03.2027,\"contract, renewable\"\n"
       "igotdoptcr1@nic.in,\"Iyer, F. (Smt.)\",Under Secretary,f.iyer@nic.in,9800000005,,,\n")
case("alloc-csv", "Allocation of generic IDs - dopt", "MDO code: dopt\nPlease find the allocation attached.\n",
     attachments=[("allocation.csv", "text/csv", CSV.encode())], style="outlook",
     expect=allocation([("igotdoptcc1@nic.in", VERMA), ("igotdoptcc2@nic.in", RAO),
                        ("igotdoptcr1@nic.in", officer("Iyer, F. (Smt.)", "Under Secretary", "f.iyer@nic.in", "9800000005"))]))
case("alloc-csv-octet", "Allocation", "Attached.\n", attachments=[("ids.CSV", "application/octet-stream", CSV.encode())],
     expect=allocation([("igotdoptcc1@nic.in", VERMA), ("igotdoptcc2@nic.in", RAO),
                        ("igotdoptcr1@nic.in", officer("Iyer, F. (Smt.)", "Under Secretary", "f.iyer@nic.in", "9800000005"))]))
case("alloc-row-problems", "Allocation of generic IDs - dopt", """MDO code: dopt
igotdoptcc1@nic.in: Shri C. Verma, Assistant Director, c.verma@nic.in, 9800000003
igotdoptcr2@nic.in: Shri G. Rao, Reviewer, g.rao@learnwell.example.com, 9800000007
igotdoptcc3@nic.in: Ms. H. Das, Consultant, h.das@agency.example.com, 9800000008
igotdoptcc4@nic.in: Shri J. Paul, Section Officer, j.paul@nic.in
igotmeacc1@nic.in: Shri K. Lal, Section Officer, k.lal@nic.in, 9800000009
""", expect=allocation([("igotdoptcc1@nic.in", VERMA)]),
     problems=[p("igotdoptcr2@nic.in", "g.rao@learnwell.example.com", "government address"),
               p("igotdoptcc3@nic.in", None, "Agency"), p("igotdoptcc3@nic.in", None, "Contract end"),
               p("igotdoptcc4@nic.in", None, "mobile"), p("igotmeacc1@nic.in", "igotmeacc1@nic.in", "MDO dopt")])
case("alloc-all-rows-refused", "Allocation", "MDO code: dopt\nigotdoptcp@nic.in: Shri X, Publisher, x@yahoo.example.com, 9800000010\n",
     problems=[p("igotdoptcp@nic.in", "x@yahoo.example.com", "government address")])
case("alloc-no-rows", "Allocation of generic IDs - dopt", "MDO code: dopt\nPlease allocate as discussed.\n", problems=[p("Allocation", None, "one line per ID")])

# ---------------------------------------------------------------- handover
HANDOVER = """Generic ID: igotdoptcc1@nic.in
Outgoing officer: c.verma@nic.in
Reason: transfer
Effective date: 15/12/2026
Successor: Shri E. Singh, Section Officer, e.singh@nic.in, 9800000006
"""
case("handover-canonical", "Handover of generic ID igotdoptcc1@nic.in", HANDOVER, expect=handover(), sender="c.verma@nic.in")
case("handover-successor-block", "Handing over of charge", """Generic ID - igotdoptcc1@nic.in
Outgoing officer - Shri C. Verma
Reason - Relieved on transfer
w.e.f. 15.12.2026 (AN)

Successor
Name: Shri E. Singh
Designation: Section Officer
Email: e.singh@nic.in
Mobile: 9800000006
""", expect=handover(outgoing="Shri C. Verma"))
for label, text, iso in [("iso", "2026-12-15", "2026-12-15"), ("dash", "15-12-2026", "2026-12-15"), ("short-year", "15/12/26", "2026-12-15"),
                         ("mon-name", "15-Dec-2026", "2026-12-15"), ("long", "15 December 2026", "2026-12-15"),
                         ("ordinal", "15th December, 2026", "2026-12-15"), ("us-order-words", "Dec 15, 2026", "2026-12-15"),
                         ("wef-fn", "w.e.f. 01.01.2027 (FN)", "2027-01-01")]:
    case(f"handover-date-{label}", "Handover", HANDOVER.replace("15/12/2026", text), expect=handover(effective=iso), sender="c.verma@nic.in")
case("handover-month-first-refused", "Handover", HANDOVER.replace("15/12/2026", "12/15/2026"), problems=[p("Effective date", "12/15/2026", "day first")])
case("handover-bad-date", "Handover", HANDOVER.replace("15/12/2026", "31/11/2026"), problems=[p("Effective date", "31/11/2026", "date")])
for word, reason in [("Retired", "retirement"), ("superannuation", "retirement"), ("VRS", "retirement"), ("contract over", "contract-end"),
                     ("End of contract", "contract-end"), ("reassigned", "reassignment"), ("change of role", "reassignment"), ("Posted out", "transfer")]:
    case(f"handover-reason-{word.lower().replace(' ', '-')}", "Hand over of ID", HANDOVER.replace("transfer", word), expect=handover(reason=reason), sender="c.verma@nic.in")
case("handover-bad-reason", "handover", HANDOVER.replace("transfer", "promotion"), problems=[p("Reason", "promotion", "transfer, retirement")])
case("handover-sender-is-holder", "Handed over charge", HANDOVER.replace("Outgoing officer: c.verma@nic.in\n", ""), sender="igotdoptcc1@nic.in",
     expect=handover(outgoing=None))
case("handover-successor-no-mobile", "handover", HANDOVER.replace(", 9800000006", ""), problems=[p("Successor Mobile", None, "mobile")])
case("handover-reviewer-outsider", "handover", HANDOVER.replace("igotdoptcc1", "igotdoptcr1").replace("e.singh@nic.in", "e.singh@example.com"),
     problems=[p("Successor", "e.singh@example.com", "government address")])
case("handover-devanagari-successor", "Handover", HANDOVER.replace("Shri E. Singh", "श्री ई. सिंह").replace("Section Officer", "अनुभाग अधिकारी"),
     style="hindi-outlook", expect=handover(successor=officer("श्री ई. सिंह", "अनुभाग अधिकारी", "e.singh@nic.in", "9800000006")))
case("handover-missing-everything", "handover", "Generic ID: igotdoptcc1@nic.in\n",
     problems=[p("Reason", None, "transfer"), p("Effective date", None, "date"), p("Successor", None, "successor")])

# ---------------------------------------------------------------- vacancy
VACANCY = "Generic ID: igotdoptcr2@nic.in\nOfficer: g.nair@nic.in\nReason: retirement\nEffective date: 30/11/2026\n"
case("vacancy-canonical", "Vacancy of generic ID igotdoptcr2@nic.in", VACANCY, expect=vacancy())
case("vacancy-vacated-word", "ID vacated", VACANCY, expect=vacancy())
case("vacancy-body-shape", "iGOT", VACANCY, expect=vacancy())
case("vacancy-missing-officer", "Vacancy", VACANCY.replace("Officer: g.nair@nic.in\n", ""), problems=[p("Officer", None, "officer who left")])

# ---------------------------------------------------------------- status
case("status-subject", "Status dopt", "", expect=status(mdo="dopt"))
case("status-roster", "Roster of MEA", "Please send.", expect=status(mdo="mea"))
case("status-body-code", "Status", "MDO code: dopt\n", expect=status(mdo="dopt"))
case("status-request", "Status REQ-2026-000123", "", expect=status(request="REQ-2026-000123"))
case("status-all", "Status all", "", sender="spv.igot@nic.in", expect=status(mdo="all"))
case("status-own", "status", "Please share the status of our IDs.", expect=status())

# ---------------------------------------------------------------- follow-ups
case("followup-any-update", "Re: [REQ-2026-000042] Acknowledgement of your nomination", "Any update on this?\n", style="outlook",
     quoted="This is a system-generated communication.\nNominate: quoted text must never act.\nMDO code: zzz\n",
     expect={"type": "followUp", "request": "REQ-2026-000042"})
case("followup-thanks-gmail", "Re: [REQ-2026-000043] IDs created", "Thank you.\n", style="gmail",
     quoted="Generic ID: igotdoptcc1@nic.in\nReason: transfer\n", expect={"type": "followUp", "request": "REQ-2026-000043"})

# ---------------------------------------------------------------- replies, forwards, signatures
case("reply-quoted-request-not-executed", "Re: Nomination of Nodal Officer", "Noted, will send the details tomorrow.\n", style="outlook",
     quoted=NOMINATION, problems=[p("MDO code", None, "short code"), p("MDO", None, "MDO's name"),
                                  p("Nodal Officer", None, "Nodal Officer's name"), p("Admin", None, "Admin's name")])
case("reply-zimbra-original", "Re: allocation", ALLOCATION, style="zimbra-reply", quoted="igotdoptcc9@nic.in: Shri Q, SO, q@nic.in, 9800000011\n", expect=allocation(ROWS3))
case("reply-hindi-outlook", "RE: Vacancy of generic ID", VACANCY, style="hindi-reply", quoted="Officer: someone.else@nic.in\n", expect=vacancy())
case("reply-gmail-wrote", "Re: Status", "MDO code: mea\n", style="gmail-reply", quoted="MDO code: dopt\n", expect=status(mdo="mea"))
case("reply-angle-quotes", "Re: handover", HANDOVER + "\n> Generic ID: igotdoptcc9@nic.in\n> Reason: retirement\n", expect=handover(), sender="c.verma@nic.in")
case("signature-dash", "Handover", HANDOVER + "-- \nGeneric ID: igotdoptcc9@nic.in\nReason: retirement\n", expect=handover())
case("signature-yours-faithfully", "Vacancy", VACANCY + "\nYours faithfully,\nOfficer: x@nic.in\n", expect=vacancy())
case("forward-outlook", "FW: Handover of generic ID igotdoptcc1@nic.in", "", style="outlook-forward", quoted=HANDOVER, sender="igotdoptnodal@nic.in",
     expect=handover())
case("forward-gmail", "Fwd: Vacancy", "", style="gmail-forward", quoted=VACANCY, expect=vacancy())

# ---------------------------------------------------------------- plain vs HTML, hidden text
case("html-hidden-text-dropped", "Handover", HANDOVER, style="outlook-html-hidden", expect=handover())
case("html-differs-refused", "Handover", HANDOVER, style="outlook", html=HANDOVER.replace("e.singh@nic.in", "x.intruder@nic.in"),
     problems=[p("Body", None, "differ")])

# ---------------------------------------------------------------- control lines
T = "[REQ-2026-000001/K7Q4M2PX]"
case("control-approve", "Re: " + T + " Approval of nomination - dopt", "APPROVE REQ-2026-000001 K7Q4M2PX\n", sender="spv.igot@nic.in",
     expect=control(("APPROVE", "REQ-2026-000001", "K7Q4M2PX", None, [])))
case("control-approve-from-tag", "Re: " + T + " Approval of nomination - dopt", "Approved\n\nRegards\nSPV\n", sender="spv.igot@nic.in", style="outlook",
     quoted="Reply with APPROVE, the number and the code.\n", expect=control(("APPROVE", "REQ-2026-000001", "K7Q4M2PX", None, [])))
case("control-approved-prose-not-control", "Nomination of nodal officer", NOMINATION + "\nApproved by the competent authority.\n", expect=nomination())
case("control-not-approved", "Re: " + T + " Approval", "Not approved yet, will revert.\n", sender="spv.igot@nic.in",
     expect={"type": "followUp", "request": "REQ-2026-000001"})
case("control-reject-reason", "Re: " + T + " Approval", "REJECT REQ-2026-000001 K7Q4M2PX nominee is not a Deputy Secretary\n", sender="spv.igot@nic.in",
     expect=control(("REJECT", "REQ-2026-000001", "K7Q4M2PX", "nominee is not a Deputy Secretary", [])))
case("control-reject-tag-only-word", "Re: " + T, "reject - duplicate request\n", sender="spv.igot@nic.in",
     expect=control(("REJECT", "REQ-2026-000001", "K7Q4M2PX", "duplicate request", [])))
case("control-created-ids", "Re: [REQ-2026-000007/AB12CD34] ID creation request", "CREATED REQ-2026-000007 AB12CD34 igotdoptcc1@nic.in igotdoptcc2@nic.in\n", sender="support.igot@nic.in",
     expect=control(("CREATED", "REQ-2026-000007", "AB12CD34", None, ["igotdoptcc1@nic.in", "igotdoptcc2@nic.in"])))
case("control-refused", "Re: [REQ-2026-000007/AB12CD34]", "Refused REQ-2026-000007 AB12CD34 igotdoptcp@nic.in name already taken\n", sender="support.igot@nic.in",
     expect=control(("REFUSED", "REQ-2026-000007", "AB12CD34", "name already taken", ["igotdoptcp@nic.in"])))
case("control-reset-done-several", "Reset tickets", "RESET DONE REQ-2026-000010 ZX81MN42\n- reset done REQ-2026-000011 QW34ER56 igotdoptcc1@nic.in\n", sender="spv.igot@nic.in",
     expect=control(("RESET DONE", "REQ-2026-000010", "ZX81MN42", None, []), ("RESET DONE", "REQ-2026-000011", "QW34ER56", None, ["igotdoptcc1@nic.in"])))
case("control-missing-code", "Approval", "APPROVE REQ-2026-000001\n", sender="spv.igot@nic.in",
     expect=control(("APPROVE", "REQ-2026-000001", None, None, [])), problems=[p("APPROVE", "APPROVE REQ-2026-000001", "action code")])
case("control-approve-and-reject", "Decisions", "APPROVE REQ-2026-000001 K7Q4M2PX\nREJECT REQ-2026-000001 K7Q4M2PX wrong MDO\n", sender="spv.igot@nic.in",
     expect=control(("APPROVE", "REQ-2026-000001", "K7Q4M2PX", None, []), ("REJECT", "REQ-2026-000001", "K7Q4M2PX", "wrong MDO", [])),
     problems=[p("REQ-2026-000001", "APPROVE and REJECT", "not both")])
case("control-beyond-20-lines", "Note", "\n".join(f"line {i}" for i in range(1, 21)) + "\nAPPROVE REQ-2026-000001 K7Q4M2PX\n", sender="spv.igot@nic.in",
     problems=[p("Request", "Note", "a request the desk knows")])
case("control-in-quoted-text", "Re: Approval", "Fine with me.\n", sender="spv.igot@nic.in", style="outlook", quoted="APPROVE REQ-2026-000001 K7Q4M2PX\n",
     problems=[p("Request", "Re: Approval", "a request the desk knows")])
case("control-subject-line", "APPROVE REQ-2026-000001 K7Q4M2PX", "", sender="spv.igot@nic.in",
     expect=control(("APPROVE", "REQ-2026-000001", "K7Q4M2PX", None, [])))
case("control-helpdesk-autosubmitted", "Re: " + T, "APPROVE\n", sender="spv.igot@nic.in", headers="Auto-Submitted: auto-generated\n",
     expect=control(("APPROVE", "REQ-2026-000001", "K7Q4M2PX", None, [])))

# ---------------------------------------------------------------- never a request
for name, headers, reason in [("auto-submitted", "Auto-Submitted: auto-replied\n", "Auto-Submitted"),
                              ("precedence-bulk", "Precedence: bulk\n", "Precedence"), ("precedence-junk", "Precedence: junk\n", "Precedence"),
                              ("precedence-list", "Precedence: list\n", "Precedence"), ("list-id", "List-Id: <officers.lists.nic.in>\n", "List-Id"),
                              ("loop", "X-Iddesk-Loop: igot-desk@other.gov.in\n", "X-Iddesk-Loop"), ("return-path-empty", "Return-Path: <>\n", "Return-Path")]:
    case("never-" + name, "Handover", HANDOVER, headers=headers, ignored=reason)
case("never-auto-submitted-no-is-fine", "Handover", HANDOVER, headers="Auto-Submitted: no\nReturn-Path: <c.verma@nic.in>\n", expect=handover())
case("never-mailer-daemon", "Undelivered Mail Returned to Sender", "This is the mail system.\n", sender="MAILER-DAEMON@mx.nic.in", sender_name="Mail Delivery System", ignored="mail system")
case("never-postmaster", "Delivery failure", "x", sender="postmaster@nic.in", ignored="mail system")
case("never-desk-itself", "[REQ-2026-000001] Acknowledgement", "x", sender=DESK, ignored="desk's own address")
case("never-autoreply-from-spv-no-controls", "Out of office", "I am on leave.\n", sender="spv.igot@nic.in", headers="Auto-Submitted: auto-replied\n", ignored="Auto-Submitted")

# ---------------------------------------------------------------- passwords
SECRET = "Tr0ub4dor&3"
for i, (label, line) in enumerate([("password-colon", f"Password: {SECRET}"), ("pwd-equals", f"pwd = {SECRET}"), ("passcode-dash", f"Passcode - {SECRET}"),
                                   ("pass-word-is", f"The pass word is {SECRET}"), ("hindi-paasvard", f"पासवर्ड: {SECRET}"),
                                   ("hindi-kootshabd", f"कूटशब्द है {SECRET}"), ("password-for-id", f"password for igotdoptcc1@nic.in is {SECRET}"),
                                   ("upper-case", f"PASSWORD : {SECRET}")]):
    case("password-" + label, "Handover of generic ID igotdoptcc1@nic.in", HANDOVER + line + "\n", expect=handover(), sender="c.verma@nic.in", forbidden=[SECRET])
case("password-in-subject", f"Handover igotdoptcc1@nic.in password: {SECRET}", HANDOVER, expect=handover(), forbidden=[SECRET])
case("password-in-text-attachment", "Handover", HANDOVER, attachments=[("notes.txt", "text/plain", f"Old password: {SECRET}\n".encode())],
     expect=handover(), forbidden=[SECRET])
case("password-csv-column", "Allocation", "MDO code: dopt\n", attachments=[("alloc.csv", "text/csv",
     f"generic_id,name,designation,email,mobile,password\nigotdoptcc1@nic.in,Shri C. Verma,Assistant Director,c.verma@nic.in,9800000003,{SECRET}\n".encode())],
     expect=allocation([("igotdoptcc1@nic.in", VERMA)]), forbidden=[SECRET])
case("password-html-only", "Handover", HANDOVER + f"Password: {SECRET}\n", style="outlook-html", expect=handover(), forbidden=[SECRET])

# ---------------------------------------------------------------- not understood, scanned letters
case("not-understood", "Regarding iGOT", "Dear Sir, kindly do the needful at the earliest.\n", problems=[p("Request", "Regarding iGOT", "a request the desk knows")])
case("scanned-letter", "Letter regarding iGOT", "Please see the attached letter.\n", attachments=[("letter.pdf", "application/pdf", b"%PDF-1.4 scanned")],
     problems=[p("Request", "Letter regarding iGOT", "a request the desk knows"), p("Attachment", None, "typed in the mail")])
case("generic-id-alone-no-class", "Generic ID request", "Kindly look into it.\n", problems=[p("Request", "Generic ID request", "a request the desk knows")])
case("two-types-in-subject-shape-decides", "Creation and allocation of IDs", ALLOCATION, expect=allocation(ROWS3))

# ================================================================= writing
def html_from_text(text, hidden=None, table=False):
    import html as h
    rows = []
    for line in text.split("\n"):
        if table and ":" in line and "@" not in line.split(":")[0]:
            k, v = line.split(":", 1)
            rows.append(f'<tr><td style="padding:0"><p class=MsoNormal>{h.escape(k).replace(" ", "&nbsp;")}<o:p></o:p></p></td><td><p class=MsoNormal>{h.escape(v.strip())}<o:p></o:p></p></td></tr>')
            continue
        if table and rows and not rows[-1].startswith("</table>"):
            rows.append("</table>")
        label = h.escape(line)
        if ":" in line:
            k, v = line.split(":", 1)
            label = h.escape(k).replace(" ", "&nbsp;") + ":" + h.escape(v)
        rows.append(f'<p class=MsoNormal>{label or "&nbsp;"}<o:p></o:p></p>')
    body = "\n".join(rows)
    if table:
        body = '<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0><tr><td><b>Field</b></td><td><b>Details</b></td></tr>\n' + body
    if hidden:
        body += f'\n<div style="display:none">{h.escape(hidden)}</div><p style="font-size:0px">{h.escape(hidden)}</p>'
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            '<style><!-- p.MsoNormal {margin:0cm;} --></style></head><body lang=EN-IN><div class=WordSection1>\n' + body + '\n</div></body></html>')

def qp(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii")

def b64(data):
    return base64.encodebytes(data).decode("ascii")

def rfc2047(s):
    try:
        s.encode("ascii")
        return s
    except UnicodeEncodeError:
        return "=?utf-8?B?" + base64.b64encode(s.encode()).decode() + "?="

def build(c):
    style = c["style"]
    body = c["body"]
    quoted = c["quoted"]
    lines = [f"Received: from mail.nic.in by mx.dopt.gov.in (Postfix) with ESMTPS id X1; {format_datetime(DATE)}", AR.rstrip("\n")]
    lines.append(f'From: "{c["sender_name"]}" <{c["sender"]}>' if style != "hindi-outlook" else f'From: {rfc2047("ए. कुमार")} <{c["sender"]}>')
    lines.append(f"To: iGOT ID Desk <{DESK}>")
    lines.append(f"Subject: {rfc2047(c['subject'])}")
    lines.append(f"Date: {format_datetime(DATE)}")
    lines.append(f"Message-ID: <{c['name']}.{style}@fixtures.nic.in>")
    lines.append("MIME-Version: 1.0")
    if c["headers"]:
        lines += c["headers"].rstrip("\n").split("\n")
    # The text the sender wrote, with the quoted part as each client quotes it.
    text = body
    if style in ("outlook", "outlook-html") and quoted:
        text = body + "\n________________________________\nFrom: iGOT ID Desk <igot-desk@dopt.gov.in>\nSent: Tuesday, November 24, 2026 9:00 AM\nTo: A. Kumar <a.kumar@nic.in>\nSubject: Earlier mail\n\n" + quoted
    elif style == "outlook-forward":
        text = "Please see below.\n\n-----Original Message-----\nFrom: C. Verma <c.verma@nic.in>\nSent: Monday, November 23, 2026 4:10 PM\nTo: Nodal Officer <igotdoptnodal@nic.in>\nSubject: Handover\n\n" + quoted
    elif style == "gmail-forward":
        text = "\n---------- Forwarded message ---------\nFrom: G. Nair <g.nair@nic.in>\nDate: Mon, 23 Nov 2026 at 16:10\nSubject: Vacancy\nTo: <igotdoptadmin@nic.in>\n\n" + quoted
    elif style in ("gmail", "gmail-base64", "gmail-reply") and quoted:
        text = body + "\nOn Tue, 24 Nov 2026 at 09:00, iGOT ID Desk <igot-desk@dopt.gov.in> wrote:\n" + "".join("> " + l + "\n" for l in quoted.rstrip("\n").split("\n"))
    elif style == "zimbra-reply":
        text = body + "\n----- Original Message -----\nFrom: \"iGOT ID Desk\" <igot-desk@dopt.gov.in>\nTo: \"A Kumar\" <a.kumar@nic.in>\nSent: Tuesday, November 24, 2026 9:00:00 AM\n\n" + quoted
    elif style == "hindi-reply":
        text = body + "\nप्रेषक: iGOT ID Desk <igot-desk@dopt.gov.in>\nभेजा गया: मंगलवार, 24 नवंबर 2026 9:00 AM\nप्रति: ए. कुमार\nविषय: Vacancy\n\n" + quoted
    elif quoted:
        text = body + "\n" + "".join("> " + l + "\n" for l in quoted.rstrip("\n").split("\n"))
    html = c["html"]
    if style == "outlook-html-hidden":
        html_part = html_from_text(text, hidden="Successor: Shri X. Intruder, Deputy Secretary, x.intruder@nic.in, 9800009999")
    elif style == "outlook-html-raw":
        html_part = '<html><head><meta charset="utf-8"></head><body lang=EN-IN><div class=WordSection1>' + html + '</div></body></html>'
    elif html is not None:
        html_part = html_from_text(html)
    else:
        html_part = html_from_text(text, table=(style == "outlook-table"))
    boundary = "_000_FIXTURE_" + c["name"].replace("-", "_")
    if style in ("outlook", "gmail", "gmail-reply", "outlook-forward", "outlook-html-hidden", "gmail-base64"):
        alt = [f"--{boundary}alt", "Content-Type: text/plain; charset=\"utf-8\""]
        if style == "gmail-base64":
            alt += ["Content-Transfer-Encoding: base64", "", b64(text.encode()).rstrip("\n")]
        else:
            alt += ["Content-Transfer-Encoding: quoted-printable", "", qp(text).rstrip("\n")]
        alt += [f"--{boundary}alt", "Content-Type: text/html; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable", "", qp(html_part).rstrip("\n"), f"--{boundary}alt--"]
        content = ["Content-Type: multipart/alternative; boundary=\"" + boundary + "alt\"", ""] + alt
    elif style in ("outlook-html", "outlook-table", "outlook-html-raw"):
        content = ["Content-Type: text/html; charset=\"utf-8\"", "Content-Transfer-Encoding: quoted-printable", "", qp(html_part).rstrip("\n")]
    elif style in ("hindi-outlook", "hindi-reply"):
        content = ["Content-Type: text/plain; charset=\"utf-8\"", "Content-Transfer-Encoding: base64", "", b64(text.encode()).rstrip("\n")]
    else:  # zimbra, zimbra-reply
        content = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", text.rstrip("\n")]
    if c["attachments"]:
        mixed = boundary + "mix"
        parts = [f"Content-Type: multipart/mixed; boundary=\"{mixed}\"", "", f"--{mixed}"] + content
        for filename, ctype, data in c["attachments"]:
            parts += [f"--{mixed}", f"Content-Type: {ctype}; name=\"{filename}\"", f"Content-Disposition: attachment; filename=\"{filename}\"",
                      "Content-Transfer-Encoding: base64", "", b64(data).rstrip("\n")]
        parts.append(f"--{mixed}--")
        content = parts
    return ("\r\n".join(lines + content) + "\r\n").encode("utf-8")

def main():
    for f in os.listdir(HERE):
        if f.endswith(".eml") or f.endswith(".json"):
            os.remove(os.path.join(HERE, f))
    names = set()
    for c in CASES:
        assert c["name"] not in names, c["name"]
        names.add(c["name"])
        with open(os.path.join(HERE, c["name"] + ".eml"), "wb") as f:
            f.write(build(c))
        expected = {"request": c["expect"], "problems": c["problems"]}
        if c["ignored"]:
            expected["ignored"] = c["ignored"]
        if c["forbidden"]:
            expected["forbidden"] = c["forbidden"]
        with open(os.path.join(HERE, c["name"] + ".json"), "w", encoding="utf-8") as f:
            json.dump(expected, f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(f"{len(CASES)} fixtures written", file=sys.stderr)

main()
