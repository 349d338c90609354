import Domain
import Foundation

/// The desk's configuration, typed and checked: every key of `config.md`, with relative
/// paths already resolved against the configuration file's folder.
public struct Configuration: Sendable {
    /// `[desk]`: the desk's mailbox, its files and its limits on incoming mail.
    public struct Desk: Sendable {
        /// The desk's mailbox: From of every letter, and never answered.
        public var address: EmailAddress
        /// Where the mail server delivers (`tmp/ new/ cur/`).
        public var maildir: URL
        /// The SQLite registry file.
        public var registry: URL
        /// The folder of letter templates.
        public var templates: URL
        /// Seconds between passes of `iddesk run`.
        public var pollInterval: Int
        /// Larger mail (bytes) is filed to `.Review` with the reason.
        public var maxMessageBytes: Int
        /// MIME parts read per mail.
        public var maxParts: Int
        /// MIME nesting depth read per mail.
        public var maxDepth: Int
    }

    /// `[office]`: the letterhead and signature of every letter (the OM layout).
    public struct Office: Sendable {
        /// Letterhead lines, top to bottom.
        public var government: String, ministry: String, department: String, division: String
        /// The office address, one line per item.
        public var address: [String]
        /// The circular's file number pattern, with `{seq}` and optionally `{year}`.
        public var fileSeries: String
        /// The circular's signatory.
        public var signatoryName: String, signatoryDesignation: String, signatoryEmail: EmailAddress
        /// The office time zone: dates in letters, "today", day boundaries.
        public var timeZone: TimeZone
    }

    /// `[people]`: who may act by mail besides the MDOs' officers.
    public struct People: Sendable {
        /// DoPT/SPV: may APPROVE, REJECT, RESET DONE, CREATED, and ask any status.
        public var doptSPV: [EmailAddress]
        /// NIC: may send CREATED and REFUSED.
        public var nic: [EmailAddress]
        /// Other iddesk instances: never answered.
        public var otherDesks: [EmailAddress]
        /// Government domains and their subdomains.
        public var governmentDomains: GovernmentDomains
        /// Generic IDs are `igot{code}{slot}@{idDomain}`.
        public var idDomain: String
    }

    /// The sender-check policies of `workflow.md` §5.2.
    public enum SenderCheckPolicy: String, CaseIterable, Sendable {
        /// Mail that fails the check changes nothing and is filed to `.Forged`.
        case require
        /// Mail is processed, marked, and DoPT/SPV told.
        case report
        /// No check (tests and demos only; refused unless letters go to the Outbox maildir).
        case off
    }

    /// `[sender_check]`.
    public struct SenderCheck: Sendable {
        /// What happens to mail that fails the check.
        public var policy: SenderCheckPolicy
        /// authserv-ids of the Authentication-Results our own servers add (RFC 8601 §2.5).
        public var authservIDs: [String]
        /// `by` hosts of our own Received fields; the authserv-ids when the key is empty.
        public var ownHosts: [String]
    }

    /// How STARTTLS is used on an `smtp://` URL.
    public enum StartTLS: String, CaseIterable, Sendable {
        /// Refuse to send unless the relay offers STARTTLS (CURLUSESSL_ALL).
        case required
        /// Use STARTTLS when offered, else clear text (CURLUSESSL_TRY).
        case opportunistic
        /// Never use STARTTLS.
        case off
    }

    /// `[smtp]`.
    public struct SMTP: Sendable {
        /// The relay (`smtp://host:587/ehlo.name` or `smtps://…`), or nil: letters go to the Outbox maildir.
        public var url: String?
        /// The AUTH user, or nil for no AUTH.
        public var username: String?
        /// The file holding the AUTH password, or nil (then `IDDESK_SMTP_PASSWORD`).
        public var passwordFile: URL?
        /// STARTTLS use for `smtp://`.
        public var startTLS: StartTLS
        /// An extra CA bundle for the relay's certificate.
        public var caFile: URL?
        /// Seconds for connect, EHLO, STARTTLS and AUTH.
        public var connectTimeout: Int
        /// Seconds for one letter.
        public var timeout: Int
        /// Parallel connections when draining the outbox.
        public var connections: Int
        /// Hours after which a 4xx-deferred recipient is given up.
        public var retryMaxHours: Int
        /// The AUTH password, from `password_file` or `IDDESK_SMTP_PASSWORD`; never printed.
        public var password: Secret?
    }

    /// `[desk]` values.
    public var desk: Desk
    /// `[office]` values.
    public var office: Office
    /// `[people]` values.
    public var people: People
    /// `[sender_check]` values.
    public var senderCheck: SenderCheck
    /// `[smtp]` values.
    public var smtp: SMTP
    /// `[outbox] maildir`: where letters go as files when `[smtp] url` is empty.
    public var outboxMaildir: URL
    /// `[reset] channel`: how DoPT/SPV hands over the new password, as reset notices say it.
    public var resetChannel: String
    /// `[handover] past_days` and `future_days`: the window of effective dates, in days.
    public var handoverPastDays: Int, handoverFutureDays: Int
    /// `[limits]`: replies per sender per hour and per day; generic IDs per creation request.
    public var repliesPerSenderPerHour: Int, repliesPerSenderPerDay: Int, idsPerRequest: Int
    /// `[reminders]`, in days.
    public var reminders: Reminders
    /// `[summary] at`: the daily summary's time of day in the office time zone.
    public var summaryAt: ClockTime

    /// `[reminders]`, in days.
    public struct Reminders: Sendable {
        /// Days after which each kind of pending work is chased, and the repeat interval.
        public var nominationDays: Int, creationDays: Int, resetTicketDays: Int,
                   vacancyDays: Int, repeatDays: Int, contractEndWarningDays: Int
    }

    /// A time of day, `HH:MM`, 24-hour.
    public struct ClockTime: Sendable, Equatable {
        /// 0-23.
        public var hour: Int
        /// 0-59.
        public var minute: Int

        /// A time of day; `hour` 0-23, `minute` 0-59 (not checked here: the loader checks).
        public init(hour: Int, minute: Int) {
            self.hour = hour
            self.minute = minute
        }
    }
}

extension Configuration {
    /// Reads and checks every key from `source`; throws the first `ConfigError` found, in
    /// file order, then the rules that join two keys.
    init(source s: ConfigSource) throws(ConfigError) {
        let max = Int.max
        desk = Desk(
            address: try s.address("desk", "address"),
            maildir: try s.path("desk", "maildir")!,
            registry: try Configuration.registry(s),
            templates: try s.path("desk", "templates")!,
            pollInterval: try s.integer("desk", "poll_interval", in: 1...86_400, unit: "seconds"),
            maxMessageBytes: try s.integer("desk", "max_message_bytes", in: 1024...max, unit: "bytes"),
            maxParts: try s.integer("desk", "max_parts", in: 1...100_000, unit: "parts"),
            maxDepth: try s.integer("desk", "max_depth", in: 1...1000, unit: "levels"))

        let nonEmpty: (String) -> String? = { $0.trimmingCharacters(in: .whitespaces).isEmpty ? "a non-empty text" : nil }
        office = Office(
            government: try s.string("office", "government", check: nonEmpty),
            ministry: try s.string("office", "ministry", check: nonEmpty),
            department: try s.string("office", "department", check: nonEmpty),
            division: try s.string("office", "division"),
            address: try s.list("office", "address"),
            fileSeries: try s.string("office", "file_series", check: Configuration.checkFileSeries),
            signatoryName: try s.string("office", "signatory_name", check: nonEmpty),
            signatoryDesignation: try s.string("office", "signatory_designation", check: nonEmpty),
            signatoryEmail: try s.address("office", "signatory_email"),
            timeZone: TimeZone(identifier: try s.string("office", "timezone") { id in
                TimeZone(identifier: id) == nil ? "a time zone name like Asia/Kolkata" : nil
            })!)

        people = People(
            doptSPV: try s.addresses("people", "dopt_spv", allowEmpty: false),
            nic: try s.addresses("people", "nic", allowEmpty: false),
            otherDesks: try s.addresses("people", "other_desks", allowEmpty: true),
            governmentDomains: GovernmentDomains(try s.hostNames("people", "government_domains", allowEmpty: false)),
            idDomain: try s.string("people", "id_domain") { ConfigSource.isHostName($0) ? nil : ConfigSource.hostExpectation }.lowercased())

        let policy = try s.oneOf("sender_check", "policy", SenderCheckPolicy.self)
        let authservIDs = try s.list("sender_check", "authserv_ids", allowEmpty: policy == .off) { id in
            id.isEmpty || id.contains(where: { $0 == " " || $0 == ";" || !$0.isASCII }) ? "an authserv-id like mx.dopt.gov.in" : nil
        }
        let ownHosts = try s.hostNames("sender_check", "own_hosts", allowEmpty: true)
        senderCheck = SenderCheck(policy: policy, authservIDs: authservIDs.map { $0.lowercased() },
                                  ownHosts: ownHosts.isEmpty ? authservIDs.map { $0.lowercased() } : ownHosts)

        let url = try s.string("smtp", "url", check: Configuration.checkSMTPURL)
        let username = try s.string("smtp", "username")
        smtp = SMTP(
            url: url.isEmpty ? nil : url,
            username: username.isEmpty ? nil : username,
            passwordFile: try s.path("smtp", "password_file", allowEmpty: true),
            startTLS: try s.oneOf("smtp", "starttls", StartTLS.self),
            caFile: try s.path("smtp", "ca_file", allowEmpty: true),
            connectTimeout: try s.integer("smtp", "connect_timeout", in: 1...600, unit: "seconds"),
            timeout: try s.integer("smtp", "timeout", in: 1...3600, unit: "seconds"),
            connections: try s.integer("smtp", "connections", in: 1...16, unit: "connections"),
            retryMaxHours: try s.integer("smtp", "retry_max_hours", in: 1...8760, unit: "hours"),
            password: nil)

        outboxMaildir = try s.path("outbox", "maildir")!
        resetChannel = try s.string("reset", "channel", check: nonEmpty)
        handoverPastDays = try s.integer("handover", "past_days", in: 0...3650, unit: "days")
        handoverFutureDays = try s.integer("handover", "future_days", in: 0...3650, unit: "days")
        repliesPerSenderPerHour = try s.integer("limits", "replies_per_sender_per_hour", in: 1...max, unit: "replies")
        repliesPerSenderPerDay = try s.integer("limits", "replies_per_sender_per_day", in: 1...max, unit: "replies")
        idsPerRequest = try s.integer("limits", "ids_per_request", in: 1...1000, unit: "generic IDs")
        reminders = Reminders(
            nominationDays: try s.integer("reminders", "nomination_days", in: 1...365, unit: "days"),
            creationDays: try s.integer("reminders", "creation_days", in: 1...365, unit: "days"),
            resetTicketDays: try s.integer("reminders", "reset_ticket_days", in: 1...365, unit: "days"),
            vacancyDays: try s.integer("reminders", "vacancy_days", in: 1...365, unit: "days"),
            repeatDays: try s.integer("reminders", "repeat_days", in: 1...365, unit: "days"),
            contractEndWarningDays: try s.integer("reminders", "contract_end_warning_days", in: 1...365, unit: "days"))
        summaryAt = Configuration.clockTime(try s.string("summary", "at") {
            Configuration.clockTime($0) == nil ? "a time of day HH:MM, 00:00 to 23:59" : nil
        })!

        // Rules that join two keys (config.md, workflow.md §5.2).
        if policy == .off, smtp.url != nil {
            throw ConfigError(origin: s.origin("sender_check", "policy"), key: "[sender_check] policy", seen: "\"off\"",
                              expected: "expected require or report while [smtp] url is set (off is for tests and demos that write letters to the Outbox maildir)")
        }
        if smtp.passwordFile != nil, smtp.username == nil {
            throw ConfigError(origin: s.origin("smtp", "username"), key: "[smtp] username", seen: "\"\"",
                              expected: "expected a user name, since [smtp] password_file is set")
        }
        // Letters written into the maildir the desk reads would come back to it as mail.
        let incoming = desk.maildir.resolvingSymlinksInPath().path, outgoing = outboxMaildir.resolvingSymlinksInPath().path
        if outgoing == incoming || outgoing.hasPrefix(incoming + "/") {
            throw ConfigError(origin: s.origin("outbox", "maildir"), key: "[outbox] maildir", seen: "\"\(outboxMaildir.path)\"",
                              expected: "expected a maildir apart from [desk] maildir (\(desk.maildir.path)), where the desk's mail arrives")
        }
        // A CA bundle named but missing would fail every letter; say so at start instead.
        if let caFile = smtp.caFile, smtp.url != nil, !FileManager.default.isReadableFile(atPath: caFile.path) {
            throw ConfigError(origin: s.origin("smtp", "ca_file"), key: "[smtp] ca_file", seen: "\"\(caFile.path)\"",
                              expected: "expected a readable CA bundle (PEM) file")
        }
    }

    static func registry(_ s: ConfigSource) throws(ConfigError) -> URL {
        _ = try s.string("desk", "registry") { value in
            if value.lowercased().hasPrefix("postgresql:") || value.lowercased().hasPrefix("postgres:") {
                return "a SQLite file path (the PostgreSQL store does not exist yet)"
            }
            return value.isEmpty ? "a SQLite file path" : nil
        }
        return try s.path("desk", "registry")!
    }

    static func checkFileSeries(_ value: String) -> String? {
        let expected = "a pattern with {seq} (and optionally {year}), like T-16017/{seq}/{year}-iGOT-II"
        guard value.contains("{seq}") else { return expected }
        let rest = value.replacingOccurrences(of: "{seq}", with: "").replacingOccurrences(of: "{year}", with: "")
        return rest.contains("{") || rest.contains("}") ? expected : nil
    }

    static func checkSMTPURL(_ value: String) -> String? {
        if value.isEmpty { return nil }
        let expected = "empty, or smtp://host:port/ehlo.name or smtps://host:port/ehlo.name"
        guard let url = URLComponents(string: value), let scheme = url.scheme?.lowercased(),
              scheme == "smtp" || scheme == "smtps", let host = url.host, !host.isEmpty else { return expected }
        if url.password != nil { return "no password in the URL (use [smtp] password_file or IDDESK_SMTP_PASSWORD)" }
        return nil
    }

    static func clockTime(_ value: String) -> ClockTime? {
        let parts = value.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m)
        else { return nil }
        return ClockTime(hour: h, minute: m)
    }
}
