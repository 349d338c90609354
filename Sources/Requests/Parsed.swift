import Domain

/// What a mail asks, as the grammar reads it (`requests.md` §2, §4, §5): pure, no registry,
/// no clock.
public enum Parsed: Sendable, Equatable {
    /// A request: its command, and row-level problems (allocation rows refused, §2.10).
    case command(Command, rowProblems: [Problem])
    /// Control lines (§4), in order. `noReply` when the mail is an auto-reply that may still
    /// act (§4: helpdesk systems of DoPT/SPV and NIC) but is never answered.
    case controls([ControlLine], problems: [Problem], noReply: Bool)
    /// A follow-up on a request (§2.2): nothing to do but perhaps tell its state.
    case followUp(RequestNumber)
    /// A request that cannot be done as written: every problem, and the request type it
    /// most resembles (for the blank form), when one can be told.
    case refused(problems: [Problem], resembles: RequestType?)
    /// Never a request (§5), with the reason.
    case ignored(reason: String)
}

/// The parse result with what it needs beside it: password mentions (§3.4) and the forward
/// it came through (§2.5).
public struct ParsedMail: Sendable, Equatable {
    /// What the mail asks.
    public var parsed: Parsed
    /// Where password fields were found (never their values).
    public var passwords: [PasswordMention]
    /// For a forward read per §2.5: the original sender named in the forwarded header.
    public var forwardedFrom: String?
    /// Why a person must look at the mail (`workflow.md` §6 `.Review`), as far as the grammar
    /// can tell: its plain and HTML parts differ, or it is a scanned letter. Nil otherwise.
    public var review: String?

    /// Makes a result.
    public init(parsed: Parsed, passwords: [PasswordMention] = [], forwardedFrom: String? = nil, review: String? = nil) {
        self.parsed = parsed
        self.passwords = passwords
        self.forwardedFrom = forwardedFrom
        self.review = review
    }
}

/// What the grammar needs from the configuration (`config.md`), and nothing else.
public struct ParseContext: Sendable {
    /// `[people] id_domain`.
    public var idDomain: String
    /// `[people] government_domains`.
    public var governmentDomains: GovernmentDomains
    /// `[desk] address`.
    public var deskAddress: EmailAddress
    /// `[people] other_desks`.
    public var otherDesks: [EmailAddress]
    /// `[people] dopt_spv`.
    public var doptSPV: [EmailAddress]
    /// `[people] nic`.
    public var nic: [EmailAddress]
    /// `[limits] ids_per_request`.
    public var idsPerRequest: Int

    /// Makes a context.
    public init(idDomain: String, governmentDomains: GovernmentDomains, deskAddress: EmailAddress,
                otherDesks: [EmailAddress], doptSPV: [EmailAddress], nic: [EmailAddress], idsPerRequest: Int) {
        self.idDomain = idDomain
        self.governmentDomains = governmentDomains
        self.deskAddress = deskAddress
        self.otherDesks = otherDesks
        self.doptSPV = doptSPV
        self.nic = nic
        self.idsPerRequest = idsPerRequest
    }
}
