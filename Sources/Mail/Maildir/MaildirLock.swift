import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The lock that lets one desk process work on a maildir at a time (`workflow.md` §6): an
/// exclusive `flock` on `<maildir>/.iddesk.lock`, held while the object lives. The kernel
/// drops it when the process dies, so a crash never leaves the maildir locked.
public final class MaildirLock: @unchecked Sendable {
    private let fd: Int32
    /// The lock file.
    public let url: URL

    private init(fd: Int32, url: URL) {
        self.fd = fd
        self.url = url
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }

    /// Takes the lock of `maildir`, waiting up to `wait` seconds for another process to
    /// release it; nil when it is still held then (the caller reports "busy").
    ///
    /// - Throws: `MaildirError` when the lock file cannot be opened or locked for another reason.
    public static func acquire(_ maildir: Maildir, wait: TimeInterval) throws -> MaildirLock? {
        let url = maildir.root.appendingPathComponent(".iddesk.lock", isDirectory: false)
        let fd = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            // Most often a run as root left the lock file the desk's own user cannot open.
            throw POSIXFile.failure(errno == EACCES ? "open (made by another user, root? give it to the desk's user)" : "open", url.path)
        }
        let deadline = Date().addingTimeInterval(wait)
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { return MaildirLock(fd: fd, url: url) }
            let code = errno
            guard code == EWOULDBLOCK || code == EINTR else {
                close(fd)
                throw POSIXFile.failure("flock", url.path, code)
            }
            if Date() >= deadline {
                close(fd)
                return nil
            }
            usleep(50_000)
        }
    }
}
