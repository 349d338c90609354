import Domain
import Foundation
import Registry
import Requests

/// `iddesk import FILE.csv [--apply]` (`cli.md`): records the MDOs, officers of record, generic
/// IDs and holders that already exist, from the sheet `ImportSheet` reads, in one transaction:
/// each MDO `active`, its `nodal` and `admin` holders its officers of record, each ID
/// `allocated` to its holder (or `created` without one). No reset ticket is opened and no
/// letter written: these IDs were handed over before the desk. All or nothing: with any
/// problem — in the sheet, or an MDO or ID the registry already has — nothing is recorded.
/// Without `apply` the whole import is done and then rolled back (a dry run that checks
/// everything the real one would). Audited as the operator, one entry per MDO.
public struct Importer: Sendable {
    /// The configuration in force (the generic-ID domain, the government domains).
    public let configuration: Configuration

    /// Makes an importer.
    public init(configuration: Configuration) { self.configuration = configuration }

    /// What an import did, or would do.
    public struct Report: Sendable, Equatable {
        /// MDOs recorded (or that would be, in a dry run).
        public var mdos = 0
        /// Generic IDs recorded (or that would be).
        public var ids = 0
        /// Holders recorded, allocations opened (or that would be).
        public var holders = 0
        /// Every problem, by line; when any, nothing was recorded.
        public var problems: [LineProblem] = []
        /// True when the import was written (`apply` and no problem).
        public var applied = false
    }

    struct DryRun: Error {}

    /// Imports `text` (the CSV) into `registry` at `now` (the day of holders without `since`,
    /// in the office time zone).
    ///
    /// - Throws: `DatabaseError` when SQLite fails for another reason than a problem of the
    ///   sheet (a full disk, a lock held past the busy timeout).
    public func run(_ text: String, registry: SQLiteRegistry, apply: Bool, now: Date) throws -> Report {
        var report = Report()
        let (rows, problems) = ImportSheet.read(text, context: configuration.parseContext)
        guard problems.isEmpty else {
            report.problems = problems
            return report
        }
        let today = configuration.officeDay(now)
        do {
            try registry.write { tx in
                report.problems = try registryProblems(rows, tx: tx)
                guard report.problems.isEmpty else { throw DryRun() }
                for (code, group) in ImportSheet.byMDO(rows) {
                    try tx.saveMDO(MDORecord(code: code, name: group[0].mdoName, ministry: group.first { $0.ministry != nil }?.ministry,
                                             state: .active), now: now)
                    report.mdos += 1
                    for row in group {
                        try tx.insertGenericID(GenericIDRecord(id: row.id, state: row.holder == nil ? .created : .allocated, request: nil))
                        report.ids += 1
                        guard let holder = row.holder else { continue }
                        let since = (row.since ?? today).description
                        try tx.openAllocation(row.id.address, holder: holder, from: since, request: nil)
                        if row.id.slot == .nodal { try tx.setOfficerOfRecord(code, role: "nodal", officer: holder, since: since) }
                        if row.id.slot == .admin { try tx.setOfficerOfRecord(code, role: "admin", officer: holder, since: since) }
                        report.holders += 1
                    }
                    try tx.appendAudit(at: now, actor: "operator", command: "import", request: nil, messageID: nil,
                                       change: "\(code) imported as active: \(group.count) generic ID(s), \(group.filter { $0.holder != nil }.count) holder(s) (lines \(group.first!.line)-\(group.last!.line))")
                }
                if !apply { throw DryRun() }
            }
            report.applied = true
        } catch is DryRun {
            // Rolled back: a dry run, or problems found against the registry.
        }
        return report
    }

    /// MDOs and IDs the registry already has: an import records only what is new.
    func registryProblems(_ rows: [ImportRow], tx: RegistryTransaction) throws -> [LineProblem] {
        var problems: [LineProblem] = []
        var checked = Set<MDOCode>()
        for row in rows {
            if checked.insert(row.mdo).inserted, let existing = try tx.mdo(row.mdo) {
                problems.append(LineProblem(line: row.line, problem: Problem(field: "mdo_code", seen: row.mdo.value,
                    expected: "an MDO the desk does not know yet (it is \(existing.state.rawValue) in the registry)")))
            }
            if try tx.genericID(row.id.address, domain: configuration.people.idDomain) != nil {
                problems.append(LineProblem(line: row.line, problem: Problem(field: "generic_id", seen: row.id.address,
                    expected: "an ID the desk does not know yet")))
            }
        }
        return problems
    }
}
