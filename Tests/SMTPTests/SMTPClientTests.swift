import Foundation
@testable import SMTP
import Testing
import TestSupport

@Suite("SMTP through libcurl against a real server on loopback (workflow.md §8)", .serialized)
struct SMTPClientTests {
    static func letter(_ n: Int) -> [UInt8] {
        Array("From: igot-desk@dopt.gov.in\r\nTo: x@nic.in\r\nSubject: Letter \(n)\r\nMessage-ID: <\(n)@dopt.gov.in>\r\n\r\nBody \(n)\r\n.leading dot line\r\n".utf8)
    }

    @Test("letters go out over one reused connection; each recipient gets its own transaction")
    func reuse() throws {
        let server = try LoopbackSMTPServer()
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/desk.dopt.gov.in", startTLS: "off"))
        for n in 1...20 {
            #expect(client.send(Self.letter(n), from: "igot-desk@dopt.gov.in", to: "officer\(n)@nic.in").isSent)
            if n > 1 { #expect(client.lastConnectCount == 0, "letter \(n) opened a new connection") }
        }
        #expect(server.received.count == 20)
        #expect(server.connections == 1)
        let first = try String(contentsOf: server.directory.appendingPathComponent(server.received[0]), encoding: .utf8)
        #expect(first.contains("Subject: Letter 1"))
        #expect(first.contains("\n.leading dot line"), "dot-stuffing undone by the server")
    }

    @Test("a refused recipient is permanent with the server's reply; the others still go")
    func refused() throws {
        let server = try LoopbackSMTPServer()
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off"))
        let outcome = client.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "refuse@nic.in")
        guard case .permanent(550, let reply) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reply.contains("no such user here"))
        #expect(client.send(Self.letter(2), from: "igot-desk@dopt.gov.in", to: "fine@nic.in").isSent)
        #expect(server.received == ["0001-fine@nic.in.eml"])
    }

    @Test("451 is transient, and the next attempt succeeds")
    func later() throws {
        let server = try LoopbackSMTPServer()
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "off"))
        let first = client.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "later@nic.in")
        guard case .transient(451, let reply) = first else { Issue.record("\(first)"); return }
        #expect(reply.contains("try again later"))
        #expect(client.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "later@nic.in").isSent)
    }

    @Test("a server that is down is transient, at once")
    func down() throws {
        let port: Int
        do { let s = try LoopbackSMTPServer(); port = s.port }   // started and stopped: nothing listens there now
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(port)/", startTLS: "off", connectTimeout: 2))
        let start = Date()
        let outcome = client.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "x@nic.in")
        guard case .transient(0, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(Date().timeIntervalSince(start) < 5)
    }

    @Test("AUTH: the right password sends; a wrong one is refused by the server")
    func auth() throws {
        let server = try LoopbackSMTPServer(auth: "desk:s3cret")
        let good = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", username: "desk", password: "s3cret", startTLS: "off"))
        #expect(good.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "x@nic.in").isSent)
        let bad = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", username: "desk", password: "wrong", startTLS: "off"))
        let outcome = bad.send(Self.letter(2), from: "igot-desk@dopt.gov.in", to: "x@nic.in")
        guard case .relayRefused(535, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(server.received.count == 1)
    }

    @Test("STARTTLS required but not offered: the letter is not sent in clear text")
    func startTLSRequired() throws {
        let server = try LoopbackSMTPServer()
        let client = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "required", connectTimeout: 3))
        let outcome = client.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "x@nic.in")
        #expect(!outcome.isSent)
        #expect(server.received.isEmpty)
    }

    /// A self-signed certificate for 127.0.0.1, made with openssl for one test.
    static func testCertificate() throws -> (certificate: URL, key: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let (certificate, key) = (dir.appendingPathComponent("cert.pem"), dir.appendingPathComponent("key.pem"))
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                             "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key.path, "-out", certificate.path]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw SMTPClientError.setup("openssl could not make a test certificate") }
        return (certificate, key)
    }

    @Test("STARTTLS with a certificate made for the test: sent over TLS when the CA file trusts it, refused when not")
    func startTLSWithCertificate() throws {
        let tls = try Self.testCertificate()
        defer { try? FileManager.default.removeItem(at: tls.certificate.deletingLastPathComponent()) }
        let server = try LoopbackSMTPServer(tls: tls)
        let trusted = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/desk.dopt.gov.in", startTLS: "required",
                                                     caFile: tls.certificate.path, connectTimeout: 5))
        let outcome = trusted.send(Self.letter(1), from: "igot-desk@dopt.gov.in", to: "x@nic.in")
        #expect(outcome.isSent, "\(outcome)")
        #expect(server.overTLS == 1)
        // The system CA bundle does not know the test's certificate: nothing is sent, and the
        // letter is kept for later (a transient outcome), not failed.
        let untrusted = try SMTPClient(settings: .init(url: "smtp://127.0.0.1:\(server.port)/", startTLS: "required", connectTimeout: 5))
        let refused = untrusted.send(Self.letter(2), from: "igot-desk@dopt.gov.in", to: "x@nic.in")
        guard case .transient = refused else { Issue.record("\(refused)"); return }
        #expect(server.received.count == 1)
    }
}

extension SMTPOutcome {
    var isSent: Bool { if case .sent = self { return true } else { return false } }
}
