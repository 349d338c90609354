import Foundation

/// One value of the configuration, before it is checked and typed: TOML gives strings,
/// integers and arrays of strings, and environment variables give strings that are read
/// with the key's kind.
public enum ConfigValue: Equatable, Sendable, CustomStringConvertible {
    /// A TOML string.
    case string(String)
    /// A TOML integer.
    case integer(Int)
    /// A TOML array of strings (from the environment: comma-separated values).
    case list([String])

    /// The value written as in TOML (`"text"`, `30`, `["a", "b"]`), for messages and `init`.
    public var description: String {
        switch self {
        case .string(let s): return ConfigValue.quoted(s)
        case .integer(let i): return String(i)
        case .list(let items): return "[" + items.map(ConfigValue.quoted).joined(separator: ", ") + "]"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += String(format: "\\u%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

/// The shape a key's value must have.
public enum ConfigKind: Sendable {
    /// A string.
    case string
    /// A whole number.
    case integer
    /// An array of strings.
    case list

    /// How a message names this kind ("a string").
    var noun: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .list: return "an array of strings"
        }
    }
}

/// One key of `iddesk.toml` (`config.md`): its section, name, kind, default and the comment
/// that `iddesk init` writes beside it.
public struct ConfigKey: Sendable {
    /// The TOML table, for example `smtp`.
    public let section: String
    /// The key inside the table, for example `url`.
    public let name: String
    /// The shape its value must have.
    public let kind: ConfigKind
    /// The value used when neither the file nor the environment sets it.
    public let defaultValue: ConfigValue
    /// The comment written beside the key by `iddesk init`.
    public let comment: String

    /// `[section] name`, as messages name a key.
    public var qualifiedName: String { "[\(section)] \(name)" }

    /// The environment variable that overrides it: `IDDESK_` + section + `_` + name, upper case
    /// (`IDDESK_SENDER_CHECK_POLICY`).
    public var environmentName: String { "IDDESK_\(section.uppercased())_\(name.uppercased())" }
}

/// The fixed list of keys of `config.md`, in the order `iddesk init` writes them. This list is
/// a contract with operators: their files and scripts rely on these names.
public enum ConfigSchema {
    /// The sections, in file order, each with the comment written after its header.
    public static let sections: [(name: String, comment: String)] = [
        ("desk", "the desk itself: its mailbox, its files and its limits on incoming mail"),
        ("office", "the letterhead and signature of every letter (the OM layout)"),
        ("people", "who may act by mail besides the MDOs' officers, and which domains are government"),
        ("sender_check", "how the desk decides that a From address is genuine (RFC 8601 Authentication-Results)"),
        ("smtp", "how letters leave the desk; the password is never in this file"),
        ("outbox", "where letters are written as files when [smtp] url is empty"),
        ("reset", "what reset notices tell an officer about the new password"),
        ("handover", "the window of effective dates accepted in a handover or vacancy"),
        ("limits", "protection against floods of mail"),
        ("reminders", "days after which pending work is chased"),
        ("summary", "the daily summary to DoPT/SPV"),
    ]

    /// Every key, in file order.
    public static let keys: [ConfigKey] = [
        k("desk", "address", .string("igot-desk@dopt.gov.in"), "the desk's mailbox: From of every letter, and never answered"),
        k("desk", "maildir", .string("Maildir"), "where the mail server delivers (tmp/ new/ cur/)"),
        k("desk", "registry", .string("iddesk.sqlite"), "SQLite file (a postgresql:// URL once that store exists)"),
        k("desk", "templates", .string("Templates"), "letter templates; a missing one falls back to the bundled one"),
        k("desk", "poll_interval", .integer(30), "seconds between passes of `iddesk run`"),
        k("desk", "max_message_bytes", .integer(26_214_400), "larger mail is filed to .Review with the reason"),
        k("desk", "max_parts", .integer(500), "MIME parts per mail"),
        k("desk", "max_depth", .integer(20), "MIME nesting"),

        k("office", "government", .string("Government of India"), "first line of the letterhead"),
        k("office", "ministry", .string("Ministry of Personnel, Public Grievances and Pensions"), "second line of the letterhead"),
        k("office", "department", .string("Department of Personnel and Training"), "third line of the letterhead"),
        k("office", "division", .string("(Training Division)"), "fourth line of the letterhead"),
        k("office", "address", .list(["Block No. IV, 3rd Floor", "Old JNU Campus, New Delhi-110067"]), "the office address, one line per item"),
        k("office", "file_series", .string("T-16017/{seq}/{year}-iGOT-II"), "{seq}: per-year sequence; {year}: four digits"),
        k("office", "signatory_name", .string("A. B. Officer"), "signs the circular OM"),
        k("office", "signatory_designation", .string("Under Secretary to the Govt. of India"), "the signatory's designation"),
        k("office", "signatory_email", .string("igot-desk@dopt.gov.in"), "the signatory's address, printed under the designation"),
        k("office", "timezone", .string("Asia/Kolkata"), "for dates in letters and day boundaries"),

        k("people", "dopt_spv", .list(["spv.igot@nic.in"]), "may APPROVE, REJECT, RESET DONE, CREATED, and ask any status"),
        k("people", "nic", .list(["support.igot@nic.in"]), "may send CREATED and REFUSED"),
        k("people", "other_desks", .list([]), "other iddesk instances: never answered (loop guard)"),
        k("people", "government_domains", .list(["nic.in", "gov.in"]), "and their subdomains"),
        k("people", "id_domain", .string("nic.in"), "generic IDs are igot{code}{slot}@{id_domain}"),

        k("sender_check", "policy", .string("require"), "require | report | off  (off: tests and demos only)"),
        k("sender_check", "authserv_ids", .list(["mx.dopt.gov.in"]), "the Authentication-Results that our own mail servers add"),
        k("sender_check", "own_hosts", .list([]), "`by` hosts of our own Received fields; empty: the authserv_ids"),

        k("smtp", "url", .string(""), "smtp://host:587/ehlo.name or smtps://host:465/…; empty: letters go to [outbox] maildir"),
        k("smtp", "username", .string(""), "for SMTP AUTH; empty: no AUTH"),
        k("smtp", "password_file", .string(""), "or IDDESK_SMTP_PASSWORD; never in this file"),
        k("smtp", "starttls", .string("required"), "required | opportunistic | off (for smtp:// only)"),
        k("smtp", "ca_file", .string(""), "extra CA bundle for the relay's certificate"),
        k("smtp", "connect_timeout", .integer(10), "seconds (covers EHLO, STARTTLS and AUTH)"),
        k("smtp", "timeout", .integer(60), "seconds for one letter"),
        k("smtp", "connections", .integer(2), "parallel connections when draining the outbox"),
        k("smtp", "retry_max_hours", .integer(120), "give up on a 4xx-deferred recipient after this"),

        k("outbox", "maildir", .string("Outbox"), "used when [smtp] url is empty"),

        k("reset", "channel", .string("by SMS to your registered mobile number"), "how DoPT/SPV hands over the new password"),

        k("handover", "past_days", .integer(365), "oldest effective date accepted (over 30 days: \"late report\")"),
        k("handover", "future_days", .integer(90), "furthest effective date accepted"),

        k("limits", "replies_per_sender_per_hour", .integer(20), "beyond: processed, replies held, DoPT/SPV told once"),
        k("limits", "replies_per_sender_per_day", .integer(50), "the same, per day"),
        k("limits", "ids_per_request", .integer(20), "generic IDs in one creation request"),

        k("reminders", "nomination_days", .integer(7), "nominations pending this long are chased with DoPT/SPV"),
        k("reminders", "creation_days", .integer(10), "creation requests pending this long are chased with NIC and DoPT/SPV"),
        k("reminders", "reset_ticket_days", .integer(3), "reset tickets open this long (from \"not before\") are chased"),
        k("reminders", "vacancy_days", .integer(14), "vacant IDs this long are chased with the Nodal Officer and Admin"),
        k("reminders", "repeat_days", .integer(3), "at most 5 reminders, then the daily summary"),
        k("reminders", "contract_end_warning_days", .integer(14), "warning before a third-party creator's contract ends"),

        k("summary", "at", .string("09:00"), "daily summary to DoPT/SPV, office time zone"),
    ]

    /// The key named `[section] name`, or nil.
    public static func key(section: String, name: String) -> ConfigKey? {
        keys.first { $0.section == section && $0.name == name }
    }

    /// The key overridden by the environment variable `variable`, or nil. Matching is against
    /// the fixed list of names, never by splitting the variable's name.
    public static func key(environmentName variable: String) -> ConfigKey? {
        keys.first { $0.environmentName == variable }
    }

    /// The names of `IDDESK_*` variables that are not keys but are still read.
    public static let otherEnvironmentNames: Set<String> = ["IDDESK_SMTP_PASSWORD", "IDDESK_NOW"]

    private static func k(_ section: String, _ name: String, _ value: ConfigValue, _ comment: String) -> ConfigKey {
        let kind: ConfigKind
        switch value {
        case .string: kind = .string
        case .integer: kind = .integer
        case .list: kind = .list
        }
        return ConfigKey(section: section, name: name, kind: kind, defaultValue: value, comment: comment)
    }
}
