import Desk
import Domain
import Foundation
import Registry
import Testing

/// `iddesk import` (issue 11, cli.md): what already exists, recorded all or nothing, on a real
/// SQLite file.
@Suite("Importing existing MDOs, IDs and holders (cli.md import)")
struct ImportTests {
    /// A sheet of `count` MDOs, six IDs each: nodal and admin (government officers), cc1 held by
    /// an agency's content creator, cc2 without a holder, cr1 and cp.
    static func sheet(_ count: Int) -> String {
        var lines = ["mdo_code,mdo_name,ministry,generic_id,name,designation,email,mobile,agency,contract_end,since"]
        for i in 1...count {
            let code = String(format: "m%03d", i)
            let name = "Department Number \(i)", ministry = "Ministry of Examples"
            func row(_ slot: String, _ holder: String) { lines.append("\(code),\(name),\(ministry),igot\(code)\(slot)@nic.in,\(holder)") }
            row("nodal", "Shri N. Officer \(i),Director,n\(i).nodal@nic.in,98\(String(format: "%08d", i * 10 + 1)),,,01/04/2022")
            row("admin", "Smt. A. Officer \(i),Under Secretary,a\(i).admin@gov.in,98\(String(format: "%08d", i * 10 + 2)),,,2022-04-01")
            row("cc1", "\"Ms. C. Writer \(i)\",Content Developer,c\(i)@learnwell.example.com,98\(String(format: "%08d", i * 10 + 3)),Learnwell Pvt Ltd,31/03/2027,")
            row("cc2", ",,,,,,")
            row("cr1", "Shri R. Reviewer \(i),Deputy Secretary,r\(i).review@nic.in,98\(String(format: "%08d", i * 10 + 4)),,,")
            row("cp", "Dr. P. Publisher \(i),Joint Secretary,p\(i).pub@gov.in,98\(String(format: "%08d", i * 10 + 5)),,,")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A desk made by `DeskLayout` (MailPassTests.Desk), with its registry open.
    final class World {
        let desk: MailPassTests.Desk
        let registry: SQLiteRegistry
        init() throws {
            desk = try MailPassTests.Desk()
            registry = try SQLiteRegistry(url: desk.configuration.desk.registry)
        }
        func run(_ text: String, apply: Bool) throws -> Importer.Report {
            try Importer(configuration: desk.configuration).run(text, registry: registry, apply: apply, now: Date(timeIntervalSince1970: 1_795_495_500))
        }
    }

    @Test("50 MDOs: the dry run records nothing; --apply records them active, with officers of record, IDs and holders, no ticket and no letter")
    func fifty() throws {
        let w = try World()
        let dry = try w.run(Self.sheet(50), apply: false)
        #expect(dry.problems == [] && !dry.applied)
        #expect(dry.mdos == 50 && dry.ids == 300 && dry.holders == 250)
        #expect(try w.registry.read { try $0.mdos() }.isEmpty, "a dry run records nothing")

        let applied = try w.run(Self.sheet(50), apply: true)
        #expect(applied.applied && applied.problems.isEmpty)
        try w.registry.read { tx in
            #expect(try tx.mdos().count == 50 && tx.mdos().allSatisfy { $0.state == .active })
            let code = try #require(MDOCode("m007"))
            let record = try tx.officersOfRecord(code)
            #expect(record["nodal"]?.email.description == "n7.nodal@nic.in" && record["admin"]?.email.description == "a7.admin@gov.in")
            let ids = try tx.genericIDs(code, domain: "nic.in")
            #expect(ids.count == 6)
            #expect(ids.first { $0.id.address == "igotm007cc2@nic.in" }?.state == .created)
            #expect(ids.filter { $0.state == .allocated }.count == 5)
            let contractor = try #require(try tx.openAllocation("igotm007cc1@nic.in"))
            #expect(contractor.holder.agency == "Learnwell Pvt Ltd" && contractor.holder.contractEnd?.description == "2027-03-31")
            #expect(try tx.openAllocation("igotm007nodal@nic.in")?.from == "2022-04-01")
            #expect(try tx.letters().isEmpty, "no letter")
            #expect(try tx.openTickets(request: nil, id: nil).isEmpty, "no reset ticket")
        }
        guard case .intact(let entries, _) = try w.registry.verifyAudit() else {
            Issue.record("audit chain broken")
            return
        }
        #expect(entries == 50, "one audit entry per MDO")

        let again = try w.run(Self.sheet(1), apply: true)
        #expect(!again.applied && again.problems.first?.description.hasPrefix("line 2: mdo_code: \"m001\" — expected an MDO the desk does not know yet") == true)
    }

    @Test("a Content Creator from outside government without an agency is told under the agency column")
    func agencyColumn() throws {
        let w = try World()
        var lines = Self.sheet(2).components(separatedBy: "\r\n")
        let header = lines[0].components(separatedBy: ",")
        let at = try #require(lines.firstIndex { $0.contains("igotm001cc1@") })
        var cells = lines[at].components(separatedBy: ",")
        cells[try #require(header.firstIndex(of: "email"))] = "x.vendor@learnwell.example.com"
        if let agency = header.firstIndex(of: "agency") { cells[agency] = "" }
        if let end = header.firstIndex(of: "contract_end") { cells[end] = "31/03/2027" }
        lines[at] = cells.joined(separator: ",")
        let report = try w.run(lines.joined(separator: "\r\n"), apply: false)
        #expect(report.problems.contains { $0.line == at + 1 && $0.description.hasPrefix("line \(at + 1): agency") }, "\(report.problems)")
    }

    @Test("one bad row imports nothing, and each problem names its line", arguments: [
        (6, "98", "mobile: \"98\""),
        (9, "x.nodal@gmail.com", "a government address"),
    ])
    func badRow(line: Int, value: String, expected: String) throws {
        let w = try World()
        var lines = Self.sheet(20).components(separatedBy: "\r\n")
        // Line numbers count the header as line 1.
        var cells = lines[line - 1].components(separatedBy: ",")
        if value.contains("@") { cells[6] = value } else { cells[7] = value }
        lines[line - 1] = cells.joined(separator: ",")
        let report = try w.run(lines.joined(separator: "\r\n"), apply: true)
        #expect(!report.applied)
        #expect(report.problems.count == 1 && report.problems[0].line == line, "\(report.problems)")
        #expect(report.problems.first?.description.contains(expected) == true, "\(report.problems)")
        #expect(try w.registry.read { try $0.mdos() }.isEmpty, "nothing imported")
    }

    @Test("a sheet without the MDO's nodal or admin holder, or a wrong header, is refused whole")
    func wholeSheet() throws {
        let w = try World()
        let noAdmin = Self.sheet(2).components(separatedBy: "\r\n").filter { !$0.contains("igotm002admin") }.joined(separator: "\r\n")
        let report = try w.run(noAdmin, apply: true)
        #expect(report.problems.map(\.line) == [8] && report.problems[0].description.contains("nodal and admin IDs, each with its holder"))
        let header = try w.run("code,id\nm001,igotm001nodal@nic.in\n", apply: true)
        #expect(header.problems.first?.line == 1 && header.problems.first?.description.contains("a column") == true)
        // A column named twice, or a row with cells past the header's, is a problem, not a silent drop.
        var lines = Self.sheet(2).components(separatedBy: "\r\n")
        let twice = try w.run(([lines[0] + ",name"] + lines.dropFirst().map { $0 + ",X" }).joined(separator: "\r\n"), apply: true)
        #expect(twice.problems.contains { $0.line == 1 && $0.description.contains("each column once") }, "\(twice.problems)")
        lines[3] += ",extra,cells"
        let extra = try w.run(lines.joined(separator: "\r\n"), apply: true)
        #expect(extra.problems.map(\.line) == [4] && extra.problems[0].description.contains("one cell per column"), "\(extra.problems)")
        // A quoted value never closed: one problem, on the line where it opens.
        var open = Self.sheet(2).components(separatedBy: "\r\n")
        open[3] = open[3].replacingOccurrences(of: ",Content Developer", with: ",\"Content Developer")
        #expect(open[3].contains("\"Content Developer"))
        let unclosed = try w.run(open.joined(separator: "\r\n"), apply: true)
        #expect(unclosed.problems.map(\.line) == [4] && unclosed.problems[0].description.contains("a closing \""), "\(unclosed.problems)")
        #expect(try w.registry.read { try $0.mdos() }.isEmpty, "nothing imported")
    }
}
