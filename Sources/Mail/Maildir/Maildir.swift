import Foundation

/// A maildir on disk (cr.yp.to/proto/maildir.html): a folder holding `tmp/`, `new/` and
/// `cur/`, and, in the Maildir++ convention of Courier and Dovecot, sub-maildirs named
/// `.Name` beside them, each with its own `tmp/ new/ cur/` and an empty `maildirfolder` file.
public struct Maildir: Sendable, Equatable {
    /// The maildir's root folder.
    public let root: URL

    /// The sub-maildirs into which the desk files mail that was not handled as asked
    /// (`workflow.md` §6), in the order the filing rule tries them.
    public enum Folder: String, CaseIterable, Sendable {
        /// Failed the sender check.
        case forged = "Forged"
        /// Same Message-ID and From as a mail already processed.
        case duplicate = "Duplicate"
        /// Never a request (`requests.md` §5): auto-replies, lists, loops, DSNs.
        case ignored = "Ignored"
        /// A person must look: hostile or oversized mail, differing parts, scanned letters.
        case review = "Review"
        /// Refused or not understood, and answered.
        case refused = "Refused"

        /// The Maildir++ folder name, with its leading dot (`.Forged`).
        public var directoryName: String { "." + rawValue }
    }

    /// Names the maildir at `root`; nothing is read or created.
    public init(root: URL) {
        self.root = root
    }

    /// The `tmp/`, `new/` and `cur/` folders of this maildir.
    public var tmp: URL { root.appendingPathComponent("tmp", isDirectory: true) }
    /// Where the mail server delivers and the desk reads.
    public var new: URL { root.appendingPathComponent("new", isDirectory: true) }
    /// Where handled mail is moved, with its info suffix (`:2,S`).
    public var cur: URL { root.appendingPathComponent("cur", isDirectory: true) }

    /// The sub-maildir for `folder` (`<root>/.Forged`).
    public func subfolder(_ folder: Folder) -> Maildir {
        Maildir(root: root.appendingPathComponent(folder.directoryName, isDirectory: true))
    }

    /// The paths that `create(withSubfolders:)` would make, root first.
    public func layoutPaths(withSubfolders: Bool) -> [URL] {
        var paths = [root, tmp, new, cur]
        if withSubfolders {
            for folder in Folder.allCases {
                let sub = subfolder(folder)
                paths += [sub.root, sub.tmp, sub.new, sub.cur]
            }
        }
        return paths
    }

    /// Creates `tmp/ new/ cur/` (mode 0700, as mail folders hold personal data) and, when
    /// asked, every sub-maildir of `Folder` with its `maildirfolder` marker. Folders that
    /// already exist are left as they are.
    ///
    /// - Throws: the file system's error when a folder cannot be made.
    public func create(withSubfolders: Bool) throws {
        let fm = FileManager.default
        for path in layoutPaths(withSubfolders: withSubfolders) {
            try fm.createDirectory(at: path, withIntermediateDirectories: true,
                                   attributes: [.posixPermissions: 0o700])
        }
        if withSubfolders {
            for folder in Folder.allCases {
                let marker = subfolder(folder).root.appendingPathComponent("maildirfolder", isDirectory: false)
                if !fm.fileExists(atPath: marker.path) {
                    guard fm.createFile(atPath: marker.path, contents: Data(),
                                        attributes: [.posixPermissions: 0o600]) else {
                        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: marker.path])
                    }
                }
            }
        }
    }
}
