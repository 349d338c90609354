import Foundation
import Testing

@Suite("The iddesk binary: version, help, usage errors, init (cli.md)")
struct CommandLineTests {
    @Test("--version prints the version and exits 0")
    func version() throws {
        let result = try Binary.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
    }

    @Test("--help lists init and exits 0")
    func help() throws {
        let result = try Binary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: iddesk <subcommand>"))
        #expect(result.stdout.contains("init"))
    }

    @Test("bad usage exits 2 with the parser's message on stderr")
    func badUsage() throws {
        let unknownOption = try Binary.run(["init", "--bogus"])
        #expect(unknownOption.status == 2)
        #expect(unknownOption.stderr.contains("Unknown option '--bogus'"))
        let unknownCommand = try Binary.run(["frobnicate"])
        #expect(unknownCommand.status == 2)
    }

    @Test("a bad --now or IDDESK_NOW is bad usage: exit 2, one line naming it")
    func badNow() throws {
        let dir = try Binary.scratch("now")
        defer { try? FileManager.default.removeItem(at: dir) }
        let option = try Binary.run(["init", "--now", "yesterday", dir.appendingPathComponent("a").path])
        #expect(option.status == 2)
        #expect(option.stderr == "iddesk: --now \"yesterday\": expected an ISO 8601 time with its offset, like 2026-11-24T10:15:00+05:30 or 2026-11-24T04:45:00Z\n")
        let variable = try Binary.run(["init", dir.appendingPathComponent("b").path], environment: ["IDDESK_NOW": "2026-11-24"])
        #expect(variable.status == 2)
        #expect(variable.stderr.hasPrefix("iddesk: IDDESK_NOW \"2026-11-24\": expected an ISO 8601 time"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("a").path))
        // A value with a CR LF and a terminal escape in it stays on the one line, without them.
        let hostile = try Binary.run(["init", "--now", "x\r\nAPPROVE\u{1B}[2Jy", dir.appendingPathComponent("c").path])
        #expect(hostile.status == 2)
        #expect(hostile.stderr.hasPrefix("iddesk: --now \"x APPROVE[2Jy\": expected"), "\(hostile.stderr)")
        #expect(hostile.stderr.filter(\.isNewline).count == 1 && !hostile.stderr.unicodeScalars.contains("\u{1B}"))
    }

    @Test("init writes a working layout; a second init refuses, exits 1 and changes nothing")
    func initTwice() throws {
        let dir = try Binary.scratch("init")
        defer { try? FileManager.default.removeItem(at: dir) }
        let target = dir.appendingPathComponent("desk")
        let first = try Binary.run(["init", target.path, "--now", "2026-11-24T10:15:00+05:30"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("iddesk.toml"))
        let fm = FileManager.default
        for path in ["iddesk.toml", "iddesk.sqlite", "Maildir/new", "Maildir/.Review/cur", "Outbox/tmp"] {
            #expect(fm.fileExists(atPath: target.appendingPathComponent(path).path), "\(path)")
        }
        let config = try String(contentsOf: target.appendingPathComponent("iddesk.toml"), encoding: .utf8)
        #expect(config.contains("policy = \"require\""))

        let second = try Binary.run(["init", target.path])
        #expect(second.status == 1)
        #expect(second.stderr == "iddesk: \(target.appendingPathComponent("iddesk.toml").path): already exists; iddesk init never overwrites (choose another folder or move it away)\n")
        #expect(try String(contentsOf: target.appendingPathComponent("iddesk.toml"), encoding: .utf8) == config)
    }

    @Test("init with no folder sets up the current folder")
    func initHere() throws {
        let dir = try Binary.scratch("here")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Binary.run(["init"], in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("iddesk.toml").path))
    }

    @Test("file errors say what is wrong in words: a folder that cannot be made, a folder given for a file, a sheet's escapes")
    func fileErrorsInWords() throws {
        let made = try Binary.run(["init", "/proc/iddesk-nope"])
        #expect(made.status == 1 && !made.stderr.contains("NSCocoaErrorDomain") && made.stderr.filter(\.isNewline).count == 1, "\(made.stderr)")
        let dir = try Binary.scratch("file-errors")
        defer { try? FileManager.default.removeItem(at: dir) }
        let folder = try Binary.run(["inspect", dir.path])
        #expect(folder.status == 1 && folder.stderr.hasSuffix(": is a folder, not a mail file\n"), "\(folder.stderr)")
        #expect(try Binary.run(["init", dir.appendingPathComponent("d").path]).status == 0)
        let sheet = dir.appendingPathComponent("sheet.csv")
        try Data("mdo_code\u{1B}[31m\u{07},mdo_name\nx,y\n".utf8).write(to: sheet)
        let imported = try Binary.run(["import", sheet.path, "--now", "2026-11-24T10:00:00+05:30"], in: dir.appendingPathComponent("d"))
        #expect(imported.status == 1)
        #expect(!imported.stdout.unicodeScalars.contains("\u{1B}") && !imported.stdout.unicodeScalars.contains("\u{07}"), "\(imported.stdout)")
    }
}
