import Foundation

/// Why a test helper could not start.
public struct TestSupportError: Error, CustomStringConvertible {
    /// What failed, in words.
    public let description: String
}

/// A real SMTP server (python3-aiosmtpd, `smtp_server.py` beside this file) on 127.0.0.1,
/// started for one test and stopped when released. Each message is written to `directory`
/// as `<n>-<recipient>.eml`; `connections` and `tls` files count EHLOs and TLS sessions.
public final class LoopbackSMTPServer {
    let process = Process()
    let input = Pipe()
    /// Where the server writes what it receives.
    public let directory: URL
    /// The port it listens on.
    public let port: Int

    /// Starts a server; `auth` is `user:password` to require AUTH, `tls` a certificate and key
    /// to offer and require STARTTLS, `port` a fixed port (a relay "coming back" where the
    /// desk expects it), else a free one.
    ///
    /// - Throws: `TestSupportError` when the server does not say it is ready.
    public init(auth: String? = nil, tls: (certificate: URL, key: URL)? = nil, port fixed: Int? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-smtp-\(UUID().uuidString)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("smtp_server.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        var arguments = [script.path, directory.path]
        if let auth { arguments += ["--auth", auth] }
        if let tls { arguments += ["--tls", tls.certificate.path, tls.key.path] }
        if let fixed { arguments += ["--port", String(fixed)] }
        process.arguments = arguments
        port = try startServer(process, input: input, name: "the test SMTP server")
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The files of the messages received, sorted.
    public var received: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
    }

    /// Messages that arrived over TLS.
    public var overTLS: Int { count("tls") }

    /// Connections the server saw (one EHLO each).
    public var connections: Int { count("connections") }

    func count(_ file: String) -> Int {
        Int((try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? "0") ?? 0
    }
}

/// A relay that misbehaves on purpose (`hostile_smtp.py`: one message a connection, 421 at
/// greeting, a stalled final dot, multi-line refusals), on a free port of 127.0.0.1, stopped
/// when released.
public final class HostileSMTPServer {
    /// The python3 running `hostile_smtp.py`.
    let process = Process()
    /// The server's stdin: closing it stops the server.
    let input = Pipe()
    /// Where the server counts connections and accepted messages.
    public let directory: URL
    /// The port it listens on.
    public let port: Int

    /// Starts the server in `mode` (see `hostile_smtp.py`).
    ///
    /// - Throws: `TestSupportError` when it does not say it is ready.
    public init(mode: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-hostile-\(UUID().uuidString)")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("hostile_smtp.py")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [script.path, directory.path, mode]
        port = try startServer(process, input: input, name: "the hostile SMTP server")
    }

    deinit {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// New connections so far.
    public var connections: Int { count("connections") }
    /// Messages accepted (250 to the final dot) so far.
    public var accepted: Int { count("accepted") }

    /// The number written in `file` of `directory`, 0 before there is one.
    func count(_ file: String) -> Int {
        Int((try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)) ?? "0") ?? 0
    }
}

/// Runs a test server's `process` with `input` as its stdin (it stops when that closes) and
/// returns the port of its first line, `ready PORT`.
///
/// - Throws: `TestSupportError` naming the server when it says anything else.
func startServer(_ process: Process, input: Pipe, name: String) throws -> Int {
    let output = Pipe()
    process.standardOutput = output
    process.standardInput = input
    try process.run()
    var line = Data()
    while !line.contains(0x0A) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
    }
    let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
        throw TestSupportError(description: "\(name) did not start: \(text)")
    }
    return port
}
