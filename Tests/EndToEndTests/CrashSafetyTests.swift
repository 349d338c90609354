import Foundation
import Testing

/// workflow §6: "a crash at any moment leaves every mail either in new/ (then processed exactly
/// once on restart) or filed with its effects committed". Two desks get the same ~500 request
/// mails from gen-requests.py, phase by phase (nominate, approve, create, created, allocate);
/// one is left alone, the other's `iddesk process` is killed with SIGKILL at 10 random moments
/// and restarted. Then both must agree on every mail's folder and on every letter, and the
/// killed one must have lost nothing and done nothing twice.
@Suite("Crash safety: SIGKILL at random moments loses and repeats nothing (workflow.md §6)", .serialized,
       .enabled(if: FileManager.default.fileExists(atPath: Binary.sharedTools.appendingPathComponent("gen-requests.py").path),
                "needs ../shared/tools/gen-requests.py beside the clone, as in CI"))
struct CrashSafetyTests {
    static let phases: [(name: String, replies: Bool)] = [
        ("nominate", false), ("approve", true), ("create", false), ("created", true), ("allocate", false),
    ]
    static let mdos = 100
    static let now = "2026-11-24T18:00:00+05:30"

    /// Writes one phase of traffic into the desk's maildir.
    static func generate(_ phase: (name: String, replies: Bool), into dir: URL) throws {
        var arguments = [Binary.sharedTools.appendingPathComponent("gen-requests.py").path, "--phase", phase.name,
                         "--mdos", "\(mdos)", "--seed", "3"]
        if phase.replies {
            arguments += ["--requests", dir.appendingPathComponent("requests.json").path, "--letters", dir.appendingPathComponent("Outbox").path]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = arguments + [dir.appendingPathComponent("Maildir").path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "gen-requests.py --phase \(phase.name)")
    }

    /// Runs every phase. With `killing`, each phase's pass is killed with SIGKILL at random
    /// moments until two kills have landed while it worked (a pass that finished before its
    /// kill makes the next moment earlier), then a pass is let finish. Returns the delays (ms)
    /// of the kills that landed.
    @discardableResult
    static func run(_ dir: URL, killing: Bool) throws -> [Int] {
        var landed: [Int] = []
        var generator = SystemRandomNumberGenerator()
        for phase in phases {
            try generate(phase, into: dir)
            var upper = 900, inPhase = 0, attempts = 0
            while killing && inPhase < 2 && attempts < 12 {
                attempts += 1
                let delay = Int.random(in: 10...max(11, upper), using: &generator)
                let running = try Binary.start(["process", "--now", now, "--log-level", "error"], in: dir)
                Thread.sleep(forTimeInterval: Double(delay) / 1000)
                if running.process.isRunning {
                    kill(running.process.processIdentifier, SIGKILL)
                    landed.append(delay)
                    inPhase += 1
                } else {
                    upper = max(11, upper / 2)
                }
                _ = try running.finish()
            }
            let pass = try Binary.run(["process", "--now", now, "--log-level", "error"], in: dir)
            #expect(pass.status == 0, "\(phase.name): \(pass.stderr)")
            let pending = try Binary.run(["requests", "--pending", "--format", "json"], in: dir)
            try Data(pending.stdout.utf8).write(to: dir.appendingPathComponent("requests.json"))
        }
        return landed
    }

    /// Each mail's folder, by its name without the generator's process number (which differs
    /// between the two desks) and without the maildir info suffix.
    static func filing(_ dir: URL) throws -> [String: String] {
        var out: [String: String] = [:]
        let maildir = dir.appendingPathComponent("Maildir")
        let folders = ["cur"] + (try FileManager.default.contentsOfDirectory(atPath: maildir.path))
            .filter { $0.hasPrefix(".") && !$0.hasPrefix(".iddesk") }.map { "\($0)/new" }
        for folder in folders + ["new"] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent(folder).path)) ?? [] {
                let base = String(name.prefix { $0 != ":" }).replacingOccurrences(of: #"P[0-9]+S"#, with: "S", options: .regularExpression)
                #expect(out[base] == nil, "\(base) twice")
                out[base] = folder
            }
        }
        return out
    }

    /// Rows of a statement run on the desk's registry and committed, through Python's sqlite3
    /// (the tests run the binary only; they read and edit its file as any other tool would).
    static func query(_ dir: URL, _ sql: String) throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", "import sqlite3,sys\nc=sqlite3.connect(sys.argv[1])\nrows=c.execute(sys.argv[2]).fetchall()\nc.commit()\nfor r in rows: print('|'.join(map(str, r)))",
                             dir.appendingPathComponent("iddesk.sqlite").path, sql]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 sqlite3: \(sql)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The Message-ID of each file in the Outbox maildir.
    static func outboxMessageIDs(_ dir: URL) throws -> [String] {
        let outbox = dir.appendingPathComponent("Outbox/new")
        return try FileManager.default.contentsOfDirectory(atPath: outbox.path).compactMap { name in
            let text = String(decoding: try Data(contentsOf: outbox.appendingPathComponent(name)).prefix(4096), as: UTF8.self)
            return text.split(separator: "\r\n").first { $0.hasPrefix("Message-ID: ") }.map { String($0.dropFirst(12)) }
        }
    }

    @Test("killed by SIGKILL twice a phase (10 moments), the desk files every mail as an undisturbed desk does, once, and sends every letter with one Message-ID")
    func killed() throws {
        let control = try ProcessTests.desk(mails: 0, name: "crash-control")
        let crashed = try ProcessTests.desk(mails: 0, name: "crash-killed")
        defer {
            try? FileManager.default.removeItem(at: control)
            try? FileManager.default.removeItem(at: crashed)
        }
        try Self.run(control, killing: false)
        let kills = try Self.run(crashed, killing: true)
        #expect(kills.count >= 8, "kills that landed while the desk worked, at ms \(kills)")

        // Nothing lost, nothing left, every mail where the undisturbed desk put it.
        let expected = try Self.filing(control), actual = try Self.filing(crashed)
        #expect(expected.count >= 500, "\(expected.count) mails")
        #expect(actual.values.filter { $0 == "new" }.isEmpty, "mail left in new/")
        #expect(actual == expected, "delays \(kills): \(actual.filter { expected[$0.key] != $0.value }.prefix(5))")
        #expect(!actual.isEmpty && expected.values.filter { $0 == ".Duplicate/new" }.count == actual.values.filter { $0 == ".Duplicate/new" }.count)

        // One processed record per mail, naming the folder it is in.
        let records = try Self.query(crashed, "SELECT file, destination FROM processed_mail")
        #expect(records.count == actual.count, "one record per mail")
        for row in records {
            let cells = row.split(separator: "|").map(String.init)
            let base = String(cells[0].prefix { $0 != ":" }).replacingOccurrences(of: #"P[0-9]+S"#, with: "S", options: .regularExpression)
            let folder = cells[1] == "cur" ? "cur" : ".\(cells[1])/new"
            #expect(actual[base] == folder, "\(cells[0]) recorded as \(cells[1])")
        }

        // Every letter queued once (as many, of the same kinds, as the undisturbed desk's),
        // every one sent, each copy in the Outbox carrying its letter's one Message-ID.
        let kinds = "SELECT template, count(*) FROM letter GROUP BY template ORDER BY template"
        #expect(try Self.query(crashed, kinds) == Self.query(control, kinds))
        // (DoPT/SPV's replies beyond [limits] replies_per_sender_per_hour are held, in both.)
        let states = "SELECT state, count(*) FROM letter_recipient GROUP BY state ORDER BY state"
        #expect(try Self.query(crashed, states) == Self.query(control, states))
        #expect(try Self.query(crashed, "SELECT DISTINCT state FROM letter_recipient ORDER BY state").allSatisfy { ["sent", "held"].contains($0) })
        let issued = Set(try Self.query(crashed, "SELECT DISTINCT l.message_id FROM letter l JOIN letter_recipient r ON r.letter = l.id WHERE r.state = 'sent'"))
        let delivered = try Self.outboxMessageIDs(crashed)
        #expect(Set(delivered) == issued, "every letter delivered, and nothing else")
        #expect(delivered.count == Set(delivered).count, "no letter written twice to the Outbox")
        let audit = try Binary.run(["audit", "verify"], in: crashed)
        #expect(audit.status == 0, "\(audit.stdout)")
    }
}

@Suite("The Outbox maildir after a crash between writing a letter and recording it (workflow.md §8)")
struct OutboxRedeliveryTests {
    @Test("letters whose files are already in the Outbox (new/ or cur/) are marked sent, not written again")
    func noSecondCopy() throws {
        let dir = try ProcessTests.desk(mails: 0, name: "outbox-again")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(ProcessTests.nomination(messageID: "again").utf8).write(to: dir.appendingPathComponent("Maildir/new/1795495500.M1P1.test"))
        #expect(try Binary.run(["process", "--now", "2026-11-24T18:00:00+05:30", "--log-level", "warning"], in: dir).status == 0)
        let outbox = dir.appendingPathComponent("Outbox")
        let written = try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("new").path).sorted()
        #expect(written.count == 2)
        // A mail program has read one of them; then, as if the desk died before recording the
        // deliveries, every recipient is queued again.
        try FileManager.default.moveItem(at: outbox.appendingPathComponent("new/" + written[0]),
                                         to: outbox.appendingPathComponent("cur/" + written[0] + ":2,S"))
        _ = try CrashSafetyTests.query(dir, "UPDATE letter_recipient SET state='queued'")
        #expect(try Binary.run(["process", "--now", "2026-11-24T18:05:00+05:30", "--log-level", "warning"], in: dir).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("new").path).sorted() == [written[1]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: outbox.appendingPathComponent("cur").path) == [written[0] + ":2,S"])
        #expect(try CrashSafetyTests.query(dir, "SELECT DISTINCT state FROM letter_recipient") == ["sent"])
    }
}
