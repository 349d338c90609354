import Domain
import Mail

/// Turns a mail into what it asks (`requests.md` §1, §2, §4, §5). Pure: no registry, no
/// clock, no I/O; the same mail always reads the same.
public enum RequestParser {
    /// Reads `message` under `context`.
    public static func parse(_ message: Message, context: ParseContext) -> ParsedMail {
        let passwords = passwordMentions(message)
        // A mail that carries a password is read with the values cut: a refusal quotes what it
        // read (`Request: "Password: …"`), in the reply, the log and the registry, and a
        // password is never echoed, logged or stored (§3.4).
        let cut: (String) -> String = passwords.isEmpty ? { $0 } : { PasswordScanner.redacted($0) }
        let subject = cut(message.subject ?? "")
        let sender = message.from.first?.normalizedAddress ?? ""
        let controlSender = (context.doptSPV + context.nic).contains { $0.description == sender }

        if let reason = NeverARequest.reason(message, context: context) {
            if controlSender, NeverARequest.allowsControlLines(message) {
                let lines = ControlLineReader(idDomain: context.idDomain)
                    .read(subject: subject, ownLines: OwnText(cut(message.text)).lines)
                if !lines.isEmpty {
                    return ParsedMail(parsed: .controls(lines, problems: conflicts(lines), noReply: true), passwords: passwords)
                }
            }
            return ParsedMail(parsed: .ignored(reason: reason), passwords: passwords)
        }

        // A forward sent "as attachment" (§2.5): the first message attached whole, read as a
        // forwarded part is when the forwarder's own text has no request field; a sheet
        // attached to it is read as the forwarder's own would be.
        let forwardedEntity = isForward(subject) ? message.encapsulatedMessages.first : nil
        let csv = CSVRows.attachments(message) + (forwardedEntity.map(CSVRows.attachments(in:)) ?? [])
        let attached: AttachedForward? = forwardedEntity.map { entity in
                AttachedForward(from: entity.header.all("From").flatMap { AddressList.parse(bytes: $0.unfoldedBytes).mailboxes }
                                    .first?.normalizedAddress,
                                text: cut(Message.bodyText(of: entity)))
            }
        let plain = message.plainText.map { read(cut($0), subject: subject, csv: csv, attached: attached, context: context) }
        let html = message.htmlAsText.map { read(cut($0), subject: subject, csv: csv, attached: attached, context: context) }
        var chosen: Reading
        var review: String?
        switch (plain, html) {
        case let (p?, h?):
            if p.hasContent {
                chosen = p
                if h.hasContent && h.parsed != p.parsed {
                    review = "its plain-text and HTML parts differ"
                    chosen.parsed = .refused(problems: [Problem(field: "Body", seen: nil,
                        expected: "one version of the request: the two versions of your mail (plain text and HTML) differ")],
                        resembles: p.type)
                }
            } else {
                chosen = h
            }
        case let (p?, nil): chosen = p
        case let (nil, h?): chosen = h
        case (nil, nil): chosen = read("", subject: subject, csv: csv, attached: attached, context: context)
        }
        if case .refused(let problems, let type) = chosen.parsed, !chosen.hasContent,
           message.attachments.contains(where: { ["application/pdf"].contains($0.contentType) || $0.contentType.hasPrefix("image/") }) {
            chosen.parsed = .refused(problems: problems + [Problem(field: "Attachment", seen: nil,
                expected: "the details typed in the mail itself; your attached letter is kept")], resembles: type)
            review = "a scanned letter"
        }
        return ParsedMail(parsed: chosen.parsed, passwords: passwords, forwardedFrom: chosen.forwardedFrom, review: review)
    }

    struct Reading {
        var parsed: Parsed
        var type: RequestType?
        var hasContent: Bool
        var forwardedFrom: String?
    }

    /// A message attached whole to a mail whose Subject says it forwards: who sent it, and its
    /// body as the desk reads it (passwords cut).
    struct AttachedForward {
        /// The attached mail's From address, lower-case, or nil when it names no mailbox.
        var from: String?
        /// Its body as the desk reads it (§2.6), passwords cut.
        var text: String
    }

    /// True when `subject` says the mail forwards another (`Fw:`, `Fwd:`, any case; §2.5).
    static func isForward(_ subject: String) -> Bool {
        let lower = subject.lowercased()
        return lower.hasPrefix("fw:") || lower.hasPrefix("fwd:")
    }

    /// One body text (the plain part, or the HTML part as text) read as a request: control
    /// lines, a follow-up, a forward (inline, or `attached` whole), then the request's form
    /// and any CSV sheets.
    static func read(_ text: String, subject: String, csv: [Attachment], attached: AttachedForward? = nil,
                     context: ParseContext) -> Reading {
        let own = OwnText(text)
        var form = Form(lines: own.lines)
        var forwardedFrom: String?
        let requestType = form.value(.request).flatMap(Classifier.requestLine)

        if requestType == nil {
            let controls = ControlLineReader(idDomain: context.idDomain).read(subject: subject, ownLines: own.lines)
            if !controls.isEmpty {
                return Reading(parsed: .controls(controls, problems: conflicts(controls), noReply: false), type: nil, hasContent: true)
            }
            if !form.hasRequestField, let (number, _) = ControlLineReader.subjectTag(subject) {
                return Reading(parsed: .followUp(number), type: nil, hasContent: false)
            }
        }
        // A forward whose forwarder added no field: read the forwarded part (§2.5).
        if !form.hasRequestField, isForward(subject) {
            if let forwarded = own.forwarded {
                let (headerFrom, body) = splitForwardHeader(forwarded)
                forwardedFrom = headerFrom
                form = Form(lines: OwnText(body.joined(separator: "\n")).lines)
            } else if let attached {
                forwardedFrom = attached.from
                form = Form(lines: OwnText(attached.text).lines)
            }
        }
        var csvRows: [(id: String, draft: OfficerDraft)] = []
        var csvProblems: [Problem] = []
        for attachment in csv {
            let text = attachment.part.text
            // A sheet is read whole into rows and cells: 23 MB of CSV took 1.5 GB. One MiB is
            // about 10,000 rows, far beyond any MDO's generic IDs.
            guard text.utf8.count <= RequestParser.csvAttachmentBytes else {
                csvProblems.append(Problem(field: "CSV attachment", seen: attachment.filename.map { "\($0), \(text.utf8.count) bytes" },
                                           expected: "a sheet of at most 1 MiB (about 10,000 rows): send a larger one in parts"))
                continue
            }
            let result = CSVRows.rows(text)
            csvRows += result.rows
            csvProblems += result.problems
        }
        // A table pasted into the body (from a spreadsheet, or an HTML table) is read as a sheet.
        for table in form.tables {
            let result = CSVRows.rows(header: table.header, records: table.rows)
            csvRows += result.rows
            csvProblems += result.problems
        }
        let type = requestType ?? Classifier.subject(subject) ?? Classifier.shape(form, hasCSV: !csv.isEmpty || !form.tables.isEmpty)
        let hasContent = form.hasRequestField || !csvRows.isEmpty
        guard let type else {
            let problem = Problem(field: "Request", seen: subject.isEmpty ? nil : subject,
                                  expected: "a request the desk knows: nomination, creation of generic IDs, allocation, handover, vacancy or status")
            return Reading(parsed: .refused(problems: [problem], resembles: nil), type: nil, hasContent: hasContent, forwardedFrom: forwardedFrom)
        }
        let parsers = FormParsers(context: context)
        let outcome: FormParsers.Outcome
        switch type {
        case .nomination: outcome = parsers.nomination(form)
        case .createIDs: outcome = parsers.creation(form)
        case .allocation: outcome = parsers.allocation(form, csvRows: csvRows)
        case .handover: outcome = parsers.handover(form)
        case .vacancy: outcome = parsers.vacancy(form)
        case .status: outcome = parsers.status(form, subjectWords: SubjectTags.strip(subject).split(separator: " ").map(String.init))
        }
        switch outcome {
        case .success(let (command, rowProblems)):
            return Reading(parsed: .command(command, rowProblems: csvProblems + rowProblems), type: type,
                           hasContent: hasContent, forwardedFrom: forwardedFrom)
        case .failure(let list):
            return Reading(parsed: .refused(problems: csvProblems + list.problems, resembles: type), type: type,
                           hasContent: hasContent, forwardedFrom: forwardedFrom)
        }
    }

    /// A forwarded block's header lines (`From:`, `Sent:`, `To:`, `Subject:`, `Date:`, `Cc:`)
    /// and the body after them; the original sender's address from its From line.
    static func splitForwardHeader(_ lines: [String]) -> (String?, [String]) {
        var from: String?
        var i = 0
        let headerWords = ["from:", "sent:", "date:", "to:", "cc:", "subject:", "प्रेषक:", "भेजा गया:", "प्रति:", "विषय:"]
        while i < lines.count {
            let t = lines[i].trimmingSet(" \t*").lowercased()
            if t.isEmpty && i > 0 { i += 1; break }
            guard headerWords.contains(where: { t.hasPrefix($0) }) || t.isEmpty else { break }
            if t.hasPrefix("from:") || t.hasPrefix("प्रेषक:") { from = Form.addresses(in: lines[i]).first?.lowercased() }
            i += 1
        }
        return (from, Array(lines[i...]))
    }

    /// §4: APPROVE and REJECT of one request in one mail refuse the whole mail.
    static func conflicts(_ lines: [ControlLine]) -> [Problem] {
        var problems: [Problem] = []
        let approved = Set(lines.filter { $0.word == .approve }.compactMap(\.request))
        for number in Set(lines.filter { $0.word == .reject }.compactMap(\.request)) where approved.contains(number) {
            problems.append(Problem(field: number.description, seen: "APPROVE and REJECT",
                                    expected: "either APPROVE or REJECT for one request, not both"))
        }
        return problems
    }

    /// The largest CSV attachment read as an allocation sheet, in bytes of text (1 MiB).
    static let csvAttachmentBytes = 1_048_576

    /// Password mentions in the header fields (the Subject, an address's display name, an
    /// `X-Password:`), the text parts, text attachments and attachment names (§3.4).
    static func passwordMentions(_ message: Message) -> [PasswordMention] {
        let mentions = passwordMentionsByLine(message)
        // A password whose line names no ID (`Password: …` under `Generic ID: …`) is taken
        // to be the password of every generic ID the mail names: each gets its immediate
        // reset ticket (§3.4: "whatever the request"). A reset too many costs DoPT/SPV a
        // minute; a password left working is the leak the rule exists to close.
        guard mentions.contains(where: { $0.ids.isEmpty }) else { return mentions }
        var texts = [message.subject ?? ""]
        for part in textParts(message.root) {
            texts.append(part.contentType.subtype == "html" ? HTMLText.convert(part.text) : part.text)
        }
        var named: [String] = [], seen = Set<String>()
        let lines = texts.flatMap { $0.split(whereSeparator: \.isNewline).map(String.init) }
        // In the order named, each once (a Set: a mail naming 100,000 IDs took minutes by list).
        for address in lines.flatMap(Form.addresses).map({ $0.lowercased() }) where address.hasPrefix("igot") && seen.insert(address).inserted {
            named.append(address)
        }
        return mentions.map { $0.ids.isEmpty ? PasswordMention(location: $0.location, ids: named) : $0 }
    }

    /// The mentions with the generic IDs on their own lines.
    static func passwordMentionsByLine(_ message: Message) -> [PasswordMention] {
        var mentions = PasswordScanner.mentions(in: message.subject ?? "", location: "Subject")
        for field in message.header.fields where field.lowercasedName != "subject" && !StoredCopyRedaction.trace.contains(field.lowercasedName) {
            mentions += PasswordScanner.mentions(in: field.name + ": " + field.decodedText, location: field.name)
        }
        // A message attached whole (a forward as attachment, read as the request §2.5) has a
        // header of its own: its Subject and fields, nested ones too.
        var entities = message.encapsulatedMessages
        while let entity = entities.popLast() {
            for field in entity.header.fields where !StoredCopyRedaction.trace.contains(field.lowercasedName) {
                mentions += PasswordScanner.mentions(in: field.name + ": " + field.decodedText, location: "attached mail's " + field.name)
            }
            entities += Message.encapsulatedMessages(in: entity)
        }
        for attachment in message.attachments {
            if let name = attachment.filename {
                mentions += PasswordScanner.mentions(in: name, location: "attachment name")
            }
        }
        for part in multiparts(message.root) {
            for range in StoredCopyRedaction.outsideParts(part) {
                mentions += PasswordScanner.mentions(in: String(decoding: part.rawBody[range], as: UTF8.self), location: "outside the parts")
            }
        }
        for part in textParts(message.root) {
            let location = part.filename.map { "attachment \($0)" } ?? "body"
            let text = part.contentType.subtype == "html" ? HTMLText.convert(part.text) : part.text
            mentions += PasswordScanner.mentions(in: text, location: location)
            if part.contentType.subtype == "csv" || (part.filename?.lowercased().hasSuffix(".csv") ?? false) {
                if CSVRows.rows(part.text).passwordColumn {
                    mentions.append(PasswordMention(location: location, ids: []))
                }
            }
        }
        return mentions
    }

    static func multiparts(_ part: MIMEPart) -> [MIMEPart] {
        switch part.body {
        case .leaf: return []
        case .multipart(let children): return [part] + children.flatMap(multiparts)
        case .message(let inner): return multiparts(inner)
        }
    }

    static func textParts(_ part: MIMEPart) -> [MIMEPart] {
        switch part.body {
        case .leaf: return part.contentType.type == "text" || (part.filename?.lowercased().hasSuffix(".csv") ?? false) ? [part] : []
        case .multipart(let children): return children.flatMap(textParts)
        case .message(let inner): return textParts(inner)
        }
    }
}
