import Domain
import Mail

/// What the sender check (`workflow.md` §5.1–5.2) found for one mail.
public enum SenderVerdict: Sendable, Equatable {
    /// The From address is genuine; `evidence` names the result that vouched for it
    /// (`dmarc=pass header.from=nic.in by mx.dopt.gov.in`).
    case pass(evidence: String)
    /// The From address could not be verified, or looks forged; `reason` says why, in words
    /// fit for the audit log (never a value the desk must keep secret).
    case fail(reason: String)

    /// True for `.pass`.
    public var passed: Bool {
        if case .pass = self { return true }
        return false
    }
}

/// The sender check of `workflow.md` §5: the From field must hold exactly one mailbox, in
/// ASCII, with no different address in its display name (§5.1); and an `Authentication-Results`
/// field written by our own mail servers (RFC 8601; see `TrustedAuthenticationResults`) must
/// say `dmarc=pass` for the From domain, or `dkim=pass` for the From domain or a parent of it
/// that is not a public suffix (§5.2). Pure: the caller supplies the configuration and the
/// public suffix list; the policy (`require`, `report`, `off`) is applied by the caller.
public struct SenderCheck: Sendable {
    /// `[sender_check] authserv_ids`, lower-case.
    public let authservIDs: Set<String>
    /// `[sender_check] own_hosts`, lower-case.
    public let ownHosts: Set<String>
    /// The public suffixes, with the government domains added; nil when the system list could
    /// not be read, in which case DKIM vouches only for its own domain (the careful answer).
    public let suffixes: PublicSuffixList?

    /// Makes a check.
    public init(authservIDs: [String], ownHosts: [String], suffixes: PublicSuffixList?) {
        self.authservIDs = Set(authservIDs.map { $0.lowercased() })
        self.ownHosts = Set(ownHosts.map { $0.lowercased() })
        self.suffixes = suffixes
    }

    /// The verdict for `message`.
    public func verdict(_ message: Message) -> SenderVerdict {
        if let reason = SenderCheck.smuggledHeader(message) { return .fail(reason: reason) }
        if let reason = SenderCheck.forgedLookingFrom(message.from) { return .fail(reason: reason) }
        if let reason = SenderCheck.addressNotAsWritten(message) { return .fail(reason: reason) }
        let domain = message.from[0].domain
        let results = TrustedAuthenticationResults.read(message.header, authservIDs: authservIDs, ownHosts: ownHosts)
        guard !results.isEmpty else {
            return .fail(reason: "no Authentication-Results from our mail servers (\(authservIDs.sorted().joined(separator: ", ")))")
        }
        var seen: [String] = []
        for field in results {
            for result in field.results {
                let method = result.method.lowercased(), outcome = result.result.lowercased()
                switch method {
                case "dmarc":
                    let from = (result.properties["header.from"] ?? "").lowercased()
                    if outcome == "pass", from == domain {
                        return .pass(evidence: "dmarc=pass header.from=\(from) by \(field.authservID)")
                    }
                    seen.append("dmarc=\(outcome)" + (from.isEmpty ? "" : " header.from=\(from)"))
                case "dkim":
                    let signer = SenderCheck.signingDomain(result)
                    if outcome == "pass", let signer, vouches(signer: signer, for: domain) {
                        return .pass(evidence: "dkim=pass header.d=\(signer) by \(field.authservID)")
                    }
                    seen.append("dkim=\(outcome)" + (signer.map { " header.d=\($0)" } ?? ""))
                default:
                    seen.append("\(method)=\(outcome)")
                }
            }
        }
        let found = seen.isEmpty ? "no results" : seen.joined(separator: "; ")
        return .fail(reason: "no aligned dmarc=pass or dkim=pass for \(domain) (found: \(found))")
    }

    /// True when a valid signature of `signer` vouches for mail from `domain`: the same
    /// domain, or a parent of it (on a label boundary) that is not a public suffix (§5.2).
    /// Both lower-case, without a trailing dot.
    public func vouches(signer: String, for domain: String) -> Bool {
        if signer == domain { return true }
        guard domain.hasSuffix("." + signer), let suffixes else { return false }
        return !suffixes.isPublicSuffix(signer)
    }

    /// The signing domain of a DKIM result: `header.d`, else the domain of `header.i`
    /// (RFC 6376 §3.5: the AUID's domain is the SDID or a subdomain of it).
    static func signingDomain(_ result: AuthenticationResults.MethodResult) -> String? {
        if let d = result.properties["header.d"], !d.isEmpty { return d.lowercased() }
        if let i = result.properties["header.i"], let at = i.lastIndex(of: "@") {
            let domain = i[i.index(after: at)...]
            return domain.isEmpty ? nil : domain.lowercased()
        }
        return nil
    }

    /// Why fields of the header may have been hidden from our mail server, or nil. The server
    /// deletes forged `Authentication-Results` and checks DMARC against the From it sees; a
    /// field it took for part of another line, or for body text, escaped both. Two ways:
    /// a CR without LF inside a header of LF lines (the server reads on, this parser breaks the
    /// line), and a From or Authentication-Results field after a line that is no header field
    /// (the server ends the header there, this parser reads on).
    static func smuggledHeader(_ message: Message) -> String? {
        if message.problems.contains(.bareCarriageReturnInHeader) {
            return "a CR without LF inside the header: fields after it were hidden from our mail server"
        }
        if let skipped = message.header.skippedLines.first,
           message.header.fields.contains(where: { ["from", "authentication-results"].contains($0.lowercasedName) && $0.rawValue.startIndex > skipped }) {
            return "a From or Authentication-Results field after a line that is no header field: hidden from our mail server"
        }
        return nil
    }

    /// Why the From address is not written as it reads, or nil: the address must stand in the
    /// From field as it is (ASCII case aside), so that a no-break space or a comment the
    /// address parser drops ("spv.\u{A0}igot@nic.in") cannot turn into someone else's address.
    static func addressNotAsWritten(_ message: Message) -> String? {
        guard let field = message.header.first("From"), let mailbox = message.from.first else { return nil }
        // ASCII case folding only: the address is ASCII, and any other byte must stay as written.
        let written = String(decoding: field.unfoldedBytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        if written.includes(mailbox.normalizedAddress) { return nil }
        return "the From address is not written as it reads (a hidden character or comment inside it)"
    }

    /// Why the From field looks forged (§5.1), or nil when it holds exactly one mailbox with
    /// a plain ASCII address and no different address in its display name.
    public static func forgedLookingFrom(_ from: [Mailbox]) -> String? {
        guard let mailbox = from.first else { return "no From mailbox" }
        guard from.count == 1 else { return "From holds \(from.count) mailboxes" }
        guard EmailAddress(mailbox.address) != nil else {
            return "the From address is not a plain ASCII address (a look-alike character, or malformed)"
        }
        let address = mailbox.normalizedAddress
        for word in (mailbox.name ?? "").split(whereSeparator: { " \t<>()[]\"',;:".contains($0) }) {
            // Only what reads as an address counts: something@something.dotted.
            guard let at = word.firstIndex(of: "@"), at > word.startIndex,
                  word[word.index(after: at)...].contains(".") else { continue }
            if word.lowercased() != address {
                return "the From display name holds a different address"
            }
        }
        return nil
    }
}
