import Desk
import Domain
import Foundation
import Testing

@Suite("Configuration (config.md)")
struct ConfigLoaderTests {
    let file = URL(fileURLWithPath: "/etc/iddesk/iddesk.toml")

    func load(_ text: String, env: [String: String] = [:]) throws(ConfigError) -> ConfigLoader.Loaded {
        try ConfigLoader.load(text: text, file: file, environment: env)
    }

    func failure(_ text: String, env: [String: String] = [:]) -> String {
        do {
            _ = try load(text, env: env)
            return "loaded"
        } catch {
            return error.description
        }
    }

    @Test("an empty file gives the documented defaults, paths relative to the file's folder")
    func defaults() throws {
        let c = try load("").configuration
        #expect(c.desk.address.description == "igot-desk@dopt.gov.in")
        #expect(c.desk.maildir.path == "/etc/iddesk/Maildir")
        #expect(c.desk.registry.path == "/etc/iddesk/iddesk.sqlite")
        #expect(c.desk.templates.path == "/etc/iddesk/Templates")
        #expect(c.desk.pollInterval == 30)
        #expect(c.desk.maxMessageBytes == 26_214_400)
        #expect(c.desk.maxParts == 500)
        #expect(c.desk.maxDepth == 20)
        #expect(c.office.address == ["Block No. IV, 3rd Floor", "Old JNU Campus, New Delhi-110067"])
        #expect(c.office.fileSeries == "T-16017/{seq}/{year}-iGOT-II")
        #expect(c.office.timeZone.identifier == "Asia/Kolkata")
        #expect(c.people.doptSPV.map(\.description) == ["spv.igot@nic.in"])
        #expect(c.people.nic.map(\.description) == ["support.igot@nic.in"])
        #expect(c.people.otherDesks.isEmpty)
        #expect(c.people.governmentDomains.domains == ["nic.in", "gov.in"])
        #expect(c.people.idDomain == "nic.in")
        #expect(c.senderCheck.policy == .require)
        #expect(c.senderCheck.authservIDs == ["mx.dopt.gov.in"])
        #expect(c.senderCheck.ownHosts == ["mx.dopt.gov.in"], "own_hosts defaults to the authserv-ids")
        #expect(c.smtp.url == nil)
        #expect(c.smtp.username == nil)
        #expect(c.smtp.password == nil)
        #expect(c.smtp.startTLS == .required)
        #expect(c.smtp.connectTimeout == 10)
        #expect(c.smtp.timeout == 60)
        #expect(c.smtp.connections == 2)
        #expect(c.smtp.retryMaxHours == 120)
        #expect(c.outboxMaildir.path == "/etc/iddesk/Outbox")
        #expect(c.resetChannel == "by SMS to your registered mobile number")
        #expect(c.handoverPastDays == 365)
        #expect(c.handoverFutureDays == 90)
        #expect(c.repliesPerSenderPerHour == 20)
        #expect(c.repliesPerSenderPerDay == 50)
        #expect(c.idsPerRequest == 20)
        #expect(c.reminders.nominationDays == 7)
        #expect(c.reminders.creationDays == 10)
        #expect(c.reminders.resetTicketDays == 3)
        #expect(c.reminders.vacancyDays == 14)
        #expect(c.reminders.repeatDays == 3)
        #expect(c.reminders.contractEndWarningDays == 14)
        #expect(c.summaryAt == Configuration.ClockTime(hour: 9, minute: 0))
    }

    @Test("the file written by init loads and equals the defaults, with a comment on every key")
    func writtenFileLoads() throws {
        let text = ConfigFileWriter.text()
        let c = try load(text).configuration
        #expect(c.desk.address.description == "igot-desk@dopt.gov.in")
        #expect(c.summaryAt.hour == 9)
        for key in ConfigSchema.keys {
            let line = text.split(separator: "\n").first { $0.hasPrefix(key.name + " = ") }
            #expect(line != nil, "\(key.qualifiedName) missing from the written file")
            #expect(line?.contains("# ") == true, "\(key.qualifiedName) has no comment")
        }
        for (section, _) in ConfigSchema.sections {
            #expect(text.contains("\n[\(section)]"))
        }
    }

    @Test("the schema holds exactly the keys of config.md")
    func schemaMatchesSpec() {
        let names = ConfigSchema.keys.map { "\($0.section).\($0.name)" }
        #expect(names.count == 49)
        #expect(Set(names).count == names.count)
        #expect(names.contains("sender_check.own_hosts"))
        #expect(names.contains("smtp.retry_max_hours"))
        #expect(names.contains("summary.at"))
    }

    @Test("values from the file are used, absolute paths kept")
    func fileValues() throws {
        let c = try load("""
            [desk]
            address = "Desk@DoPT.gov.in"
            maildir = "/var/mail/desk"
            poll_interval = 5
            [people]
            dopt_spv = ["a@nic.in", "b@gov.in"]
            [smtp]
            url = "smtp://127.0.0.1:2525/desk.dopt.gov.in"
            starttls = "off"
            [summary]
            at = "18:30"
            """).configuration
        #expect(c.desk.address.description == "desk@dopt.gov.in")
        #expect(c.desk.maildir.path == "/var/mail/desk")
        #expect(c.desk.pollInterval == 5)
        #expect(c.people.doptSPV.map(\.description) == ["a@nic.in", "b@gov.in"])
        #expect(c.smtp.url == "smtp://127.0.0.1:2525/desk.dopt.gov.in")
        #expect(c.smtp.startTLS == .off)
        #expect(c.summaryAt == Configuration.ClockTime(hour: 18, minute: 30))
    }

    @Test("environment variables override the file; lists are comma-separated")
    func environment() throws {
        let loaded = try load("[desk]\npoll_interval = 5\n", env: [
            "IDDESK_DESK_POLL_INTERVAL": "45",
            "IDDESK_SENDER_CHECK_POLICY": "report",
            "IDDESK_PEOPLE_NIC": " one@nic.in, two@nic.in ,",
            "IDDESK_SMTP_PASSWORD": "s3cret",
            "IDDESK_NOW": "2026-11-24T10:00:00Z",
            "IDDESK_DESK_POLLINTERVAL": "1",
            "PATH": "/usr/bin",
        ])
        let c = loaded.configuration
        #expect(c.desk.pollInterval == 45)
        #expect(c.senderCheck.policy == .report)
        #expect(c.people.nic.map(\.description) == ["one@nic.in", "two@nic.in"])
        #expect(c.smtp.password?.reveal() == "s3cret")
        #expect("\(c.smtp.password!)" == "[REDACTED]")
        #expect(loaded.warnings == ["IDDESK_DESK_POLLINTERVAL: not a configuration variable of iddesk; ignored"])
    }

    @Test("a bad environment value names the variable")
    func badEnvironment() {
        #expect(failure("", env: ["IDDESK_DESK_POLL_INTERVAL": "soon"])
                == "IDDESK_DESK_POLL_INTERVAL: [desk] poll_interval = \"soon\": expected an integer, like 30")
        #expect(failure("", env: ["IDDESK_SENDER_CHECK_POLICY": "lax"])
                == "IDDESK_SENDER_CHECK_POLICY: [sender_check] policy = \"lax\": expected one of require, report, off")
    }

    @Test("bad values give one line naming the file, the key, the value and what is expected")
    func badValues() {
        let f = "/etc/iddesk/iddesk.toml"
        #expect(failure("[sender_check]\npolicy = \"strict\"\n")
                == "\(f): [sender_check] policy = \"strict\": expected one of require, report, off")
        #expect(failure("[desk]\naddress = \"igot-desk at dopt.gov.in\"\n")
                == "\(f): [desk] address = \"igot-desk at dopt.gov.in\": expected an e-mail address like name@dopt.gov.in (ASCII, one @, a dotted domain)")
        #expect(failure("[people]\ndopt_spv = [\"spv@nic.in\", \"spv.nic.in\"]\n")
                == "\(f): [people] dopt_spv = \"spv.nic.in\": expected an e-mail address like name@dopt.gov.in (ASCII, one @, a dotted domain)")
        #expect(failure("[people]\ndopt_spv = []\n")
                == "\(f): [people] dopt_spv = []: expected at least one value")
        #expect(failure("[desk]\npoll_interval = \"30\"\n")
                == "\(f): [desk] poll_interval = \"30\": expected an integer, like 30")
        #expect(failure("[desk]\npoll_interval = 0\n")
                == "\(f): [desk] poll_interval = 0: expected seconds, from 1 to 86400")
        #expect(failure("[office]\ntimezone = \"India/Delhi\"\n")
                == "\(f): [office] timezone = \"India/Delhi\": expected a time zone name like Asia/Kolkata")
        #expect(failure("[summary]\nat = \"9am\"\n")
                == "\(f): [summary] at = \"9am\": expected a time of day HH:MM, 00:00 to 23:59")
        #expect(failure("[office]\nfile_series = \"T-16017/{year}\"\n").hasPrefix("\(f): [office] file_series = \"T-16017/{year}\": expected a pattern with {seq}"))
        #expect(failure("[smtp]\nurl = \"http://relay\"\n")
                == "\(f): [smtp] url = \"http://relay\": expected empty, or smtp://host:port/ehlo.name or smtps://host:port/ehlo.name")
        #expect(failure("[smtp]\nstarttls = true\n")
                == "\(f): [smtp] starttls = true: expected a string, like \"required\"")
        #expect(failure("[desk]\nregistry = \"postgresql://db/iddesk\"\n")
                == "\(f): [desk] registry = \"postgresql://db/iddesk\": expected a SQLite file path (the PostgreSQL store does not exist yet)")
    }

    @Test("unknown sections and keys are refused, with a suggestion")
    func unknownKeys() {
        let f = "/etc/iddesk/iddesk.toml"
        #expect(failure("[desk]\nadress = \"x@nic.in\"\n")
                == "\(f): [desk] adress = \"x@nic.in\": unknown key; did you mean address? the keys of [desk] are address, maildir, registry, templates, poll_interval, max_message_bytes, max_parts, max_depth")
        #expect(failure("[smpt]\nurl = \"\"\n").hasPrefix("\(f): [smpt]: unknown section (did you mean [smtp]?)"))
        #expect(failure("address = \"x@nic.in\"\n").hasPrefix("\(f): [address]: unknown section"))
    }

    @Test("TOML syntax errors name the line")
    func syntax() {
        let message = failure("[desk]\naddress = \"unterminated\n")
        #expect(message.hasPrefix("/etc/iddesk/iddesk.toml:2:"), "\(message)")
        #expect(message.contains("not valid TOML"))
    }

    @Test("policy off is refused while letters go to an SMTP relay")
    func policyOff() throws {
        #expect(failure("[sender_check]\npolicy = \"off\"\n[smtp]\nurl = \"smtp://relay.nic.in:587/\"\n")
                .hasPrefix("/etc/iddesk/iddesk.toml: [sender_check] policy = \"off\": expected require or report while [smtp] url is set"))
        let loaded = try load("[sender_check]\npolicy = \"off\"\nauthserv_ids = []\n")
        #expect(loaded.configuration.senderCheck.policy == .off)
        #expect(loaded.warnings.contains { $0.contains("policy = \"off\"") })
        // Set through the environment, the same rule holds, and the message names the variable.
        #expect(failure("", env: ["IDDESK_SENDER_CHECK_POLICY": "off", "IDDESK_SMTP_URL": "smtps://relay:465/"])
                .hasPrefix("IDDESK_SENDER_CHECK_POLICY: [sender_check] policy = \"off\": expected require or report while [smtp] url is set"))
    }

    @Test("a missing file is one line naming it")
    func missingFile() {
        do {
            _ = try ConfigLoader.load(file: URL(fileURLWithPath: "/nonexistent/iddesk.toml"), environment: [:])
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.description == "/nonexistent/iddesk.toml: no such configuration file (write one with `iddesk init`, or give --config FILE)")
        }
    }

    @Test("a folder or bytes that are not UTF-8 in place of the file: one line saying which")
    func unreadableFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("iddesk.toml"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            _ = try ConfigLoader.load(file: dir.appendingPathComponent("iddesk.toml"), environment: [:])
            Issue.record("loaded a folder")
        } catch {
            #expect(error.description == dir.appendingPathComponent("iddesk.toml").path + ": a folder, not a configuration file")
        }
        let binary = dir.appendingPathComponent("binary.toml")
        try Data([0x66, 0x6F, 0xFF, 0xFE, 0x0A]).write(to: binary)
        do {
            _ = try ConfigLoader.load(file: binary, environment: [:])
            Issue.record("loaded bytes that are not UTF-8")
        } catch {
            #expect(error.description == binary.path + ": cannot read the configuration file as UTF-8 text")
        }
    }

    @Test("the SMTP password comes from password_file, without its trailing newline, and never prints")
    func passwordFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("hunter2\n".utf8).write(to: dir.appendingPathComponent("smtp.pw"))
        let config = dir.appendingPathComponent("iddesk.toml")
        try Data("[smtp]\nusername = \"desk\"\npassword_file = \"smtp.pw\"\n".utf8).write(to: config)
        let c = try ConfigLoader.load(file: config, environment: ["IDDESK_SMTP_PASSWORD": "ignored"]).configuration
        #expect(c.smtp.password?.reveal() == "hunter2")
        #expect(!"\(c.smtp)".contains("hunter2"))
        #expect(failure("[smtp]\nusername = \"desk\"\npassword_file = \"/nonexistent/pw\"\n")
                == "/etc/iddesk/iddesk.toml: [smtp] password_file = \"/nonexistent/pw\": expected a readable file holding the SMTP password")
    }

    @Test("an Outbox maildir inside the incoming maildir, or a CA bundle that is not there, is refused at start naming the key")
    func outboxAndCAFile() {
        #expect(failure("[outbox]\nmaildir = \"Maildir\"\n")
                .hasPrefix("/etc/iddesk/iddesk.toml: [outbox] maildir = \"/etc/iddesk/Maildir\": expected a maildir apart from [desk] maildir"))
        #expect(failure("[outbox]\nmaildir = \"Maildir/.Sent\"\n").contains("expected a maildir apart from [desk] maildir"))
        #expect(failure("[smtp]\nurl = \"smtp://relay.nic.in:587/\"\nca_file = \"/nonexistent/ca.pem\"\n")
                .hasPrefix("/etc/iddesk/iddesk.toml: [smtp] ca_file = \"/nonexistent/ca.pem\": expected a readable CA bundle"))
        #expect(failure("", env: ["IDDESK_OUTBOX_MAILDIR": "Maildir"]).hasPrefix("IDDESK_OUTBOX_MAILDIR: [outbox] maildir"))
    }
}
