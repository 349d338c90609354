import Foundation
import Mail
import Registry

/// The files of a new desk, as `iddesk init [DIR]` writes them (`cli.md`): a commented
/// `iddesk.toml`, the incoming maildir with its sub-maildirs (`workflow.md` §6), the Outbox
/// maildir, and the registry file. It never overwrites anything.
public struct DeskLayout: Sendable {
    /// The folder that receives the files.
    public let directory: URL

    /// Names the layout under `directory`; nothing is touched.
    public init(directory: URL) {
        self.directory = directory.standardizedFileURL
    }

    /// The configuration file, `DIR/iddesk.toml`.
    public var configFile: URL { directory.appendingPathComponent("iddesk.toml", isDirectory: false) }

    /// Why `create` cannot run.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// `path` exists already; nothing was written.
        case exists(path: String)
        /// The file system refused to write `path`.
        case unwritable(path: String, reason: String)

        /// One line naming the path.
        public var description: String {
            switch self {
            case .exists(let path): return "\(path): already exists; iddesk init never overwrites (choose another folder or move it away)"
            case .unwritable(let path, let reason): return "\(path): cannot be written: \(reason)"
            }
        }
    }

    /// Writes the layout. Every path is checked first, so that a refusal writes nothing.
    ///
    /// - Parameter overrides: values written into the configuration instead of the defaults
    ///   (see `ConfigFileWriter.text(overrides:)`).
    /// - Returns: the paths created, configuration first.
    /// - Throws: `Failure.exists` naming the first path already there; `Failure.unwritable`
    ///   when the file system refuses; `ConfigError` if the written file would not load.
    @discardableResult public func create(overrides: [String: ConfigValue] = [:]) throws -> [URL] {
        let text = ConfigFileWriter.text(overrides: overrides)
        // Load the text before writing it: the paths inside decide where the rest goes.
        let loaded = try ConfigLoader.load(text: text, file: configFile, environment: [:])
        let config = loaded.configuration
        let incoming = Maildir(root: config.desk.maildir)
        let outbox = Maildir(root: config.outboxMaildir)
        let targets = [configFile, incoming.root, outbox.root, config.desk.registry]
        let fm = FileManager.default
        for target in targets where fm.fileExists(atPath: target.path) {
            throw Failure.exists(path: target.path)
        }
        do {
            try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            guard fm.createFile(atPath: configFile.path, contents: Data(text.utf8),
                                attributes: [.posixPermissions: 0o640]) else {
                throw Failure.unwritable(path: configFile.path, reason: "the file could not be created")
            }
            try incoming.create(withSubfolders: true)
            try outbox.create(withSubfolders: false)
            _ = try SQLiteRegistry(url: config.desk.registry)
        } catch let failure as Failure {
            throw failure
        } catch {
            // Foundation's errors print as a dump of their domain and user info: the reason
            // is said in words, from the POSIX error under them when there is one.
            throw Failure.unwritable(path: directory.path, reason: DeskLayout.reason(error))
        }
        return targets
    }

    /// `error` in words: the POSIX error beneath a Foundation error (`Read-only file
    /// system`, `Permission denied`), else its own description.
    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileWriteNoPermissionError: return "permission denied"
            case NSFileWriteVolumeReadOnlyError: return "read-only file system"
            case NSFileWriteOutOfSpaceError: return "no space left on the device"
            case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
            default: return "cannot be written (\(ns.localizedDescription))"
            }
        }
        return "\(error)"
    }
}
