import Domain
import Foundation
import Letters
import Mail
import Registry

/// `iddesk circular` (`cli.md`, `workflow.md` §3): DoPT's mail-merge. One OM per active MDO,
/// to its Nodal Officer, its Admin or both (at the address of record and at the role's generic
/// ID when it has a holder), with the list of MDOs enclosed as the last section and as a CSV
/// attachment (formula-safe cells). The OM is rendered when queued, so its file number and
/// date are fixed then.
public struct Circular: Sendable {
    /// Who receives the OM in each MDO.
    public enum Audience: String, CaseIterable, Sendable {
        case nodal, admin, both
    }

    /// What a run did (or, for a dry run, would do).
    public struct Result: Sendable {
        /// Letters queued (or that would be).
        public var count: Int
        /// The file number used.
        public var fileNumber: String
        /// The first letter: recipients, subject and body; nil when there is no active MDO.
        public var first: (to: [String], subject: String, body: String)?
    }

    /// The configuration in force.
    public let configuration: Configuration

    /// Makes a circular.
    public init(configuration: Configuration) { self.configuration = configuration }

    /// Queues the circular `template` (or, with `dryRun`, only renders the first) at `now`.
    ///
    /// - Throws: `TemplateLibrary.LoadError` for a missing or broken template, `DatabaseError`.
    public func run(template: String, fileNumber given: String?, audience: Audience, dryRun: Bool,
                    registry: SQLiteRegistry, now: Date) throws -> Result {
        let library = try TemplateLibrary(override: configuration.desk.templates)
        guard library.template(template) != nil else {
            throw TemplateLibrary.LoadError(file: template, problem: "no such template (the circulars are: " +
                library.templates.keys.filter { $0.hasPrefix("circular-") }.sorted().joined(separator: ", ") + ")")
        }
        let office = configuration.office
        let renderer = LetterRenderer(letterhead: [office.government, office.ministry, office.department, office.division] + office.address,
                                      timeZone: office.timeZone, library: library)
        let signatory = LetterRenderer.Signatory(name: office.signatoryName, designation: office.signatoryDesignation,
                                                 email: office.signatoryEmail.description)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = office.timeZone
        let year = calendar.component(.year, from: now)
        let body: (RegistryTransaction) throws -> Result = { tx in
            let mdos = try tx.mdos().filter { $0.state == .active }
            var fileNumber = given ?? ""
            if given == nil {
                let seq = dryRun ? (try Int.fetchCounter(tx, "file-\(year)") + 1) : try tx.nextFileSequence(year: year)
                fileNumber = office.fileSeries.replacingOccurrences(of: "{seq}", with: String(seq))
                    .replacingOccurrences(of: "{year}", with: String(year))
            }
            var enclosure: [String] = []
            var rows: [[String]] = []
            for m in mdos {
                let record = try tx.officersOfRecord(m.code)
                enclosure.append("\(m.code): \(m.name)")
                rows.append([m.code.value, m.name, m.ministry ?? "", record["nodal"]?.name ?? "", record["nodal"]?.email.description ?? "",
                             record["admin"]?.name ?? "", record["admin"]?.email.description ?? ""])
            }
            let csv = Array(CSVWriter.text(header: ["mdo_code", "mdo_name", "ministry", "nodal_officer", "nodal_email", "admin", "admin_email"],
                                           rows: rows).utf8)
            var result = Result(count: 0, fileNumber: fileNumber, first: nil)
            for m in mdos {
                let record = try tx.officersOfRecord(m.code)
                var to: [String] = []
                var roles: [String] = []
                if audience != .admin { roles.append("nodal") }
                if audience != .nodal { roles.append("admin") }
                for role in roles {
                    if let o = record[role] { to.append(o.email.description) }
                    let id = "igot\(m.code.value)\(role)@\(configuration.people.idDomain)"
                    if try tx.openAllocation(id) != nil { to.append(id) }
                }
                guard !to.isEmpty else { continue }
                let addressee = roles.map { $0 == "nodal" ? "The Nodal Officer" : "The Admin" }.joined(separator: " and ") + ", " + m.name
                let variables: [String: Any] = ["mdo": m.code.value, "mdo_name": m.name, "channel": configuration.resetChannel,
                                                "desk_address": configuration.desk.address.description, "count": String(mdos.count)]
                guard let rendered = renderer.renderCircular(template, variables: variables, fileNumber: fileNumber, addressee: addressee,
                                                             signatory: signatory, enclosureTitle: "List of MDOs (\(mdos.count))",
                                                             enclosure: enclosure, now: now) else { continue }
                if result.first == nil { result.first = (to, rendered.subject, rendered.body) }
                result.count += 1
                if !dryRun {
                    let stored = JSONValue.object([("rendered_subject", .string(rendered.subject)), ("rendered_body", .string(rendered.body))])
                    try tx.queueLetter(template: template, request: nil, subject: rendered.subject, variables: stored.compact,
                                       to: to, cc: [], inReplyTo: nil, messageID: OutgoingMessage.newMessageID(domain: configuration.desk.address.domain, now: now),
                                       now: now, attachments: [LetterAttachment(filename: "mdos.csv", contentType: "text/csv", content: csv)])
                }
            }
            if !dryRun {
                try tx.appendAudit(at: now, actor: "operator", command: "circular", request: nil, messageID: nil,
                                   change: "OM \(fileNumber) (\(template)) queued to \(result.count) MDO(s)")
            }
            return result
        }
        return dryRun ? try registry.read(body) : try registry.write(body)
    }
}

extension Int {
    /// A counter's value (0 when not set).
    static func fetchCounter(_ tx: RegistryTransaction, _ name: String) throws -> Int {
        try tx.counter(name)
    }
}
