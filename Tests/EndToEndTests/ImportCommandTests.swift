import Foundation
import Testing

@Suite("iddesk import on the command line (cli.md)")
struct ImportCommandTests {
    static let sheet = """
        mdo_code,mdo_name,generic_id,name,designation,email,mobile,since
        dopt,Department of Personnel and Training,igotdoptnodal@nic.in,Shri A. Kumar,Deputy Secretary,a.kumar@nic.in,9800000001,01/04/2022
        dopt,Department of Personnel and Training,igotdoptadmin@nic.in,Ms. B. Sharma,Section Officer,b.sharma@gov.in,9800000002,01/04/2022
        dopt,Department of Personnel and Training,igotdoptcc1@nic.in,,,,,
        dohe,Department of Higher Education,igotdohenodal@nic.in,Dr. R. Iyer,Director,r.iyer@gov.in,9810000101,
        dohe,Department of Higher Education,igotdoheadmin@nic.in,Smt. P. Nair,Under Secretary,p.nair@nic.in,9810000102,

        """

    /// A desk (see `ProcessTests.desk`) with `sheet` imported: MDOs active, officers of record,
    /// generic IDs and their holders, as a test of the rules needs them.
    static func deskWithRecords(name: String, sheet: String = sheet) throws -> URL {
        let dir = try ProcessTests.desk(mails: 0, name: name)
        let file = dir.appendingPathComponent("existing.csv")
        try Data(sheet.utf8).write(to: file)
        let imported = try Binary.run(["import", file.path, "--apply", "--now", "2026-11-24T10:00:00+05:30"], in: dir)
        #expect(imported.status == 0, "\(imported.stdout)\(imported.stderr)")
        return dir
    }

    @Test("a dry run first, then --apply; the roster shows what was imported; a bad sheet exits 1 naming the line")
    func importSheet() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "import")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("existing.csv")
        try Data(Self.sheet.utf8).write(to: file)
        let dry = try Binary.run(["import", file.path, "--now", "2026-11-24T10:00:00+05:30"], in: dir)
        #expect(dry.status == 0 && dry.stdout == "dry run: would import 2 MDO(s), 5 generic ID(s), 4 holder(s); run again with --apply to record them\n",
                "\(dry.stdout)\(dry.stderr)")
        #expect(try Binary.run(["roster", "--format", "json"], in: dir).stdout == "[]\n")
        let applied = try Binary.run(["import", file.path, "--apply", "--now", "2026-11-24T10:00:00+05:30"], in: dir)
        #expect(applied.status == 0 && applied.stdout == "imported 2 MDO(s), 5 generic ID(s), 4 holder(s)\n", "\(applied.stdout)\(applied.stderr)")
        let roster = try Binary.run(["roster", "--format", "json"], in: dir)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(roster.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 5)
        #expect(rows.first { $0["id"] as? String == "igotdoptcc1@nic.in" }?["state"] as? String == "created")
        #expect(try Binary.run(["audit", "verify"], in: dir).status == 0)

        let bad = dir.appendingPathComponent("bad.csv")
        try Data(Self.sheet.replacingOccurrences(of: "9810000102", with: "12345").utf8).write(to: bad)
        let refused = try Binary.run(["import", bad.path, "--apply"], in: dir)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("bad.csv: line 6: mobile: \"12345\""), "\(refused.stdout)")
        #expect(refused.stdout.hasSuffix("nothing imported: 1 problem(s)\n"))
    }

    @Test("a missing sheet and a head that is no hash are named as such")
    func badArguments() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "import-args")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = try Binary.run(["import", "nothere.csv"], in: dir)
        #expect(missing.status == 1 && missing.stderr == "iddesk: nothere.csv: no such file\n", "\(missing.stderr)")
        let head = try Binary.run(["audit", "verify", "--head", "abc"], in: dir)
        #expect(head.status == 2 && head.stderr.contains("is not a head hash: 64 hexadecimal characters"), "\(head.stderr)")
    }
}
