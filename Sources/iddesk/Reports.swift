import ArgumentParser
import Desk
import Domain
import Foundation
import Registry

/// The output formats of the listing commands (`cli.md`).
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// `iddesk roster [--mdo CODE | --all] [--format table|csv|json]` (`workflow.md` §4).
struct RosterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "roster", abstract: "The generic IDs of one MDO or of all, with states and holders.")

    @Option(help: ArgumentHelp("One MDO's code.", valueName: "code")) var mdo: String?
    @Flag(help: "Every MDO (the default).") var all = false
    @Option(help: "table, csv or json.") var format: ListFormat = .table
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if mdo != nil && all { throw ValidationError("give --mdo CODE or --all, not both") }
        if let mdo, MDOCode(mdo) == nil { throw ValidationError("--mdo \"\(mdo)\": expected an MDO code of 2 to 16 letters and digits") }
    }

    func run() async throws {
        let (_, now, config, registry) = try global.openDesk()
        let code = mdo.flatMap(MDOCode.init)
        // A code the registry does not know is a typing slip, not an MDO without IDs: say so.
        if let code, try registry.read({ try $0.mdo(code) }) == nil {
            StandardStream.error.write("iddesk: --mdo \(code.value): no MDO with this code in the registry (iddesk roster lists them all)\n")
            throw ExitCode.failure
        }
        let rows = try registry.read { tx in try RosterRow.rows(tx, mdos: code.map { [$0] }, domain: config.people.idDomain) }
        switch format {
        case .json: print(JSONValue.array(rows.map(\.json)).rendered())
        case .csv: print(CSVWriter.text(header: RosterRow.csvHeader, rows: rows.map(\.csvCells)), terminator: "")
        case .table:
            // workflow §4: the IDs with the age of each open ticket, then the Nodal Officer and
            // Admin of record and the requests still pending, MDO by MDO.
            let today = config.officeDay(now)
            func age(_ opened: Date?) -> String {
                guard let opened else { return "" }
                let days = today.daysSinceEpoch - config.officeDay(opened).daysSinceEpoch
                return " (\(days) day\(days == 1 ? "" : "s"))"
            }
            print(Table.render(["ID", "STATE", "HOLDER", "SINCE", "RESET TICKET"], rows.map { row in
                [row.id, row.state, row.holder.map { "\($0.name), \($0.designation) <\($0.email)>" } ?? "-", row.since ?? "-",
                 row.resetTicket.map { $0 + age(row.ticketOpened) } ?? "-"]
            }))
            let codes = try code.map { [$0] } ?? registry.read { try $0.mdos().map(\.code) }
            let pending = try registry.read { try $0.requests(pendingOnly: true) }
            for mdo in codes {
                let officers = try registry.read { try $0.officersOfRecord(mdo) }
                func officer(_ role: String) -> String {
                    officers[role].map { PrintableText.line("\($0.name), \($0.designation) <\($0.email)>") } ?? "-"
                }
                let open = pending.filter { $0.mdo == mdo }.map { "\($0.number) (\($0.type ?? "not understood"))" }
                print("\n\(mdo.value): Nodal Officer \(officer("nodal")); Admin \(officer("admin"))")
                print("\(mdo.value): pending requests: \(open.isEmpty ? "none" : open.joined(separator: ", "))")
            }
        }
    }
}

/// `iddesk requests [--pending] [--format …]` (`cli.md`).
struct RequestsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "requests", abstract: "Requests with their state.")

    @Flag(help: "Only pending requests.") var pending = false
    @Option(help: "table, csv or json.") var format: ListFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (_, _, _, registry) = try global.openDesk()
        let rows = try registry.read { tx -> [(RequestRecord, [String])] in
            try tx.requests(pendingOnly: pending).map { r in
                (r, r.state == .pending ? try tx.openTickets(request: r.number).map(\.id) : [])
            }
        }
        switch format {
        case .json:
            print(JSONValue.array(rows.map { r, ids in
                .object([("number", .string(r.number.description)), ("type", .optional(r.type)), ("state", .string(r.state.rawValue)),
                         ("mdo", .optional(r.mdo?.value)), ("received", .string(r.received)), ("message_id", .optional(r.messageID)),
                         ("sender", .string(r.sender)), ("ids", .array(ids.map(JSONValue.string))), ("note", .optional(r.note))])
            }).rendered())
        case .csv:
            print(CSVWriter.text(header: ["number", "type", "state", "mdo", "received", "sender", "note"],
                                 rows: rows.map { r, _ in [r.number.description, r.type ?? "", r.state.rawValue, r.mdo?.value ?? "", r.received, r.sender, r.note ?? ""] }),
                  terminator: "")
        case .table:
            print(Table.render(["NUMBER", "TYPE", "STATE", "MDO", "RECEIVED", "SENDER", "NOTE"],
                               rows.map { r, _ in [r.number.description, r.type ?? "-", r.state.rawValue, r.mdo?.value ?? "-", r.received, r.sender, r.note ?? ""] }))
        }
    }
}

/// `iddesk outbox [--format …]` (`cli.md`): the queued letters and their recipients' states.
struct OutboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "outbox", abstract: "Letters with their recipients' states.")

    @Option(help: "table, csv or json.") var format: ListFormat = .table
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let (_, _, _, registry) = try global.openDesk()
        let (letters, deliveries) = try registry.read { try ($0.letterStates(), $0.recipientDeliveries()) }
        func state(_ l: (template: String, subject: String, request: String?, to: [String], cc: [String], states: [String: String])) -> String {
            let values = Set(l.states.values)
            return values.count == 1 ? values.first! : l.states.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")
        }
        switch format {
        case .json:
            print(JSONValue.array(zip(letters, deliveries).map { l, d in
                .object([("template", .string(l.template)), ("request", .optional(l.request)), ("subject", .string(l.subject)),
                         ("to", .array(l.to.map(JSONValue.string))), ("cc", .array(l.cc.map(JSONValue.string))), ("state", .string(state(l))),
                         ("recipients", .object(l.states.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })),
                         ("deliveries", .array(d.map { r in
                             .object([("address", .string(r.address)), ("state", .string(r.state)), ("attempts", .int(r.attempts)),
                                      ("last_reply", .optional(r.lastReply))])
                         }))])
            }).rendered())
        case .csv:
            print(CSVWriter.text(header: ["template", "request", "subject", "to", "cc", "state", "attempts", "last_reply"],
                                 rows: zip(letters, deliveries).map { l, d in
                                     [l.template, l.request ?? "", l.subject, l.to.joined(separator: " "), l.cc.joined(separator: " "), state(l),
                                      String(d.map(\.attempts).max() ?? 0), Self.lastReplies(d)]
                                 }),
                  terminator: "")
        case .table:
            print(Table.render(["LETTER", "SUBJECT", "TO", "CC", "STATE", "ATTEMPTS", "LAST REPLY"],
                               zip(letters, deliveries).map { l, d in
                                   [l.template, l.subject, l.to.joined(separator: ", "), l.cc.joined(separator: ", "), state(l),
                                    String(d.map(\.attempts).max() ?? 0), Self.lastReplies(d)]
                               }))
        }
    }
}

extension OutboxCommand {
    /// The last SMTP reply or DSN of each recipient that has one; prefixed with the address
    /// when the letter has several recipients.
    static func lastReplies(_ deliveries: [RecipientDelivery]) -> String {
        let replied = deliveries.filter { $0.lastReply != nil }
        if deliveries.count == 1, let only = replied.first { return only.lastReply! }
        return replied.map { "\($0.address): \($0.lastReply!)" }.joined(separator: "; ")
    }
}