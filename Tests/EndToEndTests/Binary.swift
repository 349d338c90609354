import Foundation

/// Runs the built `iddesk` executable as a separate process, the way an operator does.
struct Binary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `iddesk` built beside the test bundle (`swift build` puts both in one folder);
    /// `IDDESK_BINARY` overrides it.
    static let url: URL = {
        if let path = ProcessInfo.processInfo.environment["IDDESK_BINARY"] {
            return URL(fileURLWithPath: path)
        }
        var candidates = [Bundle.main.bundleURL.appendingPathComponent("iddesk")]
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("iddesk"))
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root.appendingPathComponent(".build/debug/iddesk"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    /// Runs `iddesk arguments…` in `directory` with `environment` added to a clean one
    /// (PATH and HOME only, so that the caller's IDDESK_* variables never leak in). With
    /// `executable`, that program is run instead (`setpriv` running iddesk as another user).
    static func run(_ arguments: [String], in directory: URL? = nil,
                    environment: [String: String] = [:], executable: URL = url) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes to the end before waiting, so a full pipe never blocks the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A started process whose output is collected by `finish()`.
    final class Running {
        let process: Process
        let out: Pipe
        let err: Pipe
        init(process: Process, out: Pipe, err: Pipe) {
            self.process = process
            self.out = out
            self.err = err
        }

        /// Waits for the end and returns status and output.
        func finish() throws -> Result {
            let outData = out.fileHandleForReading.readDataToEndOfFile()
            let errData = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Result(status: process.terminationStatus,
                          stdout: String(decoding: outData, as: UTF8.self),
                          stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Starts `iddesk arguments…` without waiting (see `run` for the environment).
    static func start(_ arguments: [String], in directory: URL? = nil,
                      environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return Running(process: process, out: out, err: err)
    }

    /// `../shared/tools` beside the clone.
    static let sharedTools: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/tools")

    /// A new empty folder under the system's temporary folder.
    static func scratch(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("iddesk-e2e-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
