/// Why a maildir operation failed. Each names the path, so nothing fails silently
/// (`workflow.md` §6: a mail is never lost or dropped without a word).
public enum MaildirError: Error, Equatable, CustomStringConvertible {
    /// A file system call failed: what was being done, on which path, and `strerror`'s text.
    case system(operation: String, path: String, errno: Int32, message: String)
    /// A move would cross file systems (EXDEV): the maildir and its sub-maildirs must share one.
    case crossesFileSystems(from: String, to: String)

    /// One line naming the path.
    public var description: String {
        switch self {
        case .system(let operation, let path, _, let message):
            return "\(path): \(operation) failed: \(message)"
        case .crossesFileSystems(let from, let to):
            return "\(from): cannot be moved to \(to): they are on different file systems (keep the maildir and its sub-maildirs on one)"
        }
    }
}
