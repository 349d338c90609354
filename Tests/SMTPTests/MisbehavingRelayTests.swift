import Foundation
@testable import SMTP
import Testing
import TestSupport

@Suite("SMTP through libcurl against a relay that misbehaves (workflow.md §8)", .serialized)
struct MisbehavingRelayTests {
    @Test("a relay that takes one message a connection and drops the next gets every letter, each on a new connection")
    func onePerConnection() throws {
        let server = try HostileSMTPServer(mode: "one-per-connection")
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off"))
        for n in 1...5 {
            let outcome = client.send(SMTPClientTests.letter(n), from: "igot-desk@dopt.gov.in", to: "officer\(n)@nic.in")
            #expect(outcome.isSent, "letter \(n): \(outcome)")
        }
        #expect(server.accepted == 5)
        #expect(server.connections == 5)
    }

    @Test("a 421 at greeting is one transient outcome on one connection, with the server's text")
    func greeting421() throws {
        let server = try HostileSMTPServer(mode: "greet-421")
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off"))
        let outcome = client.send(SMTPClientTests.letter(1), from: "igot-desk@dopt.gov.in", to: "officer@nic.in")
        guard case .transient(421, let reply) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reply.hasPrefix("421 4.3.2 Service not available"))
        #expect(server.connections == 1)
    }

    @Test("a relay that stalls after a message is left on its timeout: the letter stays transient with the reason, the next goes on a new connection, and closing does not wait")
    func stalled() throws {
        let server = try HostileSMTPServer(mode: "silent-dot")
        var client: SMTPClient? = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off", timeout: 2))
        let outcome = client!.send(SMTPClientTests.letter(1), from: "igot-desk@dopt.gov.in", to: "officer1@nic.in")
        guard case .transient(0, let reply) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reply.hasPrefix("connection lost after \"354 go ahead\": "), "\(reply)")
        #expect(client!.send(SMTPClientTests.letter(2), from: "igot-desk@dopt.gov.in", to: "officer2@nic.in").isSent)
        #expect(server.connections == 2)
        let start = Date()
        client = nil
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("a relay that stalls after the final dot on a kept connection: the letter is not sent again at once (the relay may have it); the next goes on a new connection")
    func stalledOnKeptConnection() throws {
        let server = try HostileSMTPServer(mode: "silent-second-dot")
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off", timeout: 2))
        #expect(client.send(SMTPClientTests.letter(1), from: "igot-desk@dopt.gov.in", to: "officer1@nic.in").isSent)
        let outcome = client.send(SMTPClientTests.letter(2), from: "igot-desk@dopt.gov.in", to: "officer2@nic.in")
        guard case .transient(0, let reply) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reply.hasPrefix("connection lost after \"354 go ahead\": "), "\(reply)")
        #expect(client.send(SMTPClientTests.letter(3), from: "igot-desk@dopt.gov.in", to: "officer3@nic.in").isSent)
        #expect(server.accepted == 2, "letters 1 and 3; letter 2 was not offered again")
        #expect(server.connections == 2)
    }

    @Test("replies are kept without their line ends, and a multi-line refusal whole")
    func replyText() throws {
        let server = try HostileSMTPServer(mode: "multiline-550")
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off"))
        let outcome = client.send(SMTPClientTests.letter(1), from: "igot-desk@dopt.gov.in", to: "officer@nic.in")
        #expect(outcome == .permanent(code: 550, reply: "550-5.1.1 first line of the refusal 550-5.1.1 second line 550 5.1.1 user unknown here"))
        let normal = try HostileSMTPServer(mode: "one-per-connection")
        let other = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(normal.port)/", startTLS: "off"))
        #expect(other.send(SMTPClientTests.letter(2), from: "igot-desk@dopt.gov.in", to: "officer@nic.in") == .sent(reply: "250 2.0.0 queued as Q1"))
    }
}
