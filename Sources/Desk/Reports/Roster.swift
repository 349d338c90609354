import Domain
import Foundation
import Registry

/// The roster of `workflow.md` §4 and `cli.md`: one row per generic ID — state, holder,
/// since, open reset ticket — for `iddesk roster` and the status letter.
public struct RosterRow: Sendable, Equatable {
    /// The generic ID.
    public var id: String
    /// Its MDO's code.
    public var mdo: String
    /// Its state (`requested`, `created`, `allocated`, `reset-pending`, `vacant`, `withdrawn`).
    public var state: String
    /// The holder, or nil.
    public var holder: Officer?
    /// Since when it is held (`YYYY-MM-DD`), or nil.
    public var since: String?
    /// The request number of its open reset ticket, or nil.
    public var resetTicket: String?
    /// When that ticket was opened, for its age (workflow §4); nil without one.
    public var ticketOpened: Date? = nil

    /// The rows of `mdos` (every MDO when nil), in MDO then slot order.
    ///
    /// - Throws: `DatabaseError` when the registry cannot be read.
    public static func rows(_ tx: RegistryTransaction, mdos: [MDOCode]?, domain: String) throws -> [RosterRow] {
        let codes = try mdos ?? tx.mdos().map(\.code)
        var rows: [RosterRow] = []
        for code in codes {
            for id in try tx.genericIDs(code, domain: domain) {
                let allocation = try tx.openAllocation(id.id.address)
                let ticket = try tx.openTickets(id: id.id.address).first
                var row = RosterRow(id: id.id.address, mdo: code.value, state: id.state.rawValue, holder: allocation?.holder,
                                    since: allocation?.from, resetTicket: ticket?.request.description)
                row.ticketOpened = ticket.flatMap { Instant.parseISO8601($0.opened) }
                rows.append(row)
            }
        }
        return rows
    }

    /// The row as the JSON object of `cli.md`.
    public var json: JSONValue {
        .object([("id", .string(id)), ("mdo", .string(mdo)), ("state", .string(state)),
                 ("holder", holder.map { ParsedJSON.json($0) } ?? .null), ("since", .optional(since)),
                 ("reset_ticket", .optional(resetTicket))])
    }

    /// The CSV columns.
    public static let csvHeader = ["id", "mdo", "state", "holder_name", "holder_designation", "holder_email", "since", "reset_ticket"]

    /// The row's CSV cells.
    public var csvCells: [String] {
        [id, mdo, state, holder?.name ?? "", holder?.designation ?? "", holder?.email.description ?? "", since ?? "", resetTicket ?? ""]
    }
}

/// CSV as the desk writes it (`workflow.md` §3): RFC 4180 quoting, and a cell that begins with
/// `=`, `+`, `-`, `@`, TAB or CR (or their full-width forms) prefixed with `'` so that a
/// spreadsheet never runs it as a formula.
public enum CSVWriter {
    /// One line per row, CRLF line ends.
    public static func text(header: [String], rows: [[String]]) -> String {
        ([header] + rows).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    /// One cell, formula-safe and quoted when needed.
    public static func cell(_ value: String) -> String {
        var v = value
        if let first = v.unicodeScalars.first, "=+-@\t\r＝＋－＠".unicodeScalars.contains(first) { v = "'" + v }
        if v.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || v.hasPrefix(" ") || v.hasSuffix(" ") {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }
}
