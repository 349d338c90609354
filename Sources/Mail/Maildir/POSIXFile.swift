import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX calls the maildir code needs, each turning a failure into a `MaildirError`
/// that names the path.
enum POSIXFile {
    static func failure(_ operation: String, _ path: String, _ code: Int32 = errno) -> MaildirError {
        .system(operation: operation, path: path, errno: code, message: String(cString: strerror(code)))
    }

    /// Flushes a directory's entries to disk, so that a rename into it survives a crash.
    static func syncDirectory(_ url: URL) throws {
        let fd = open(url.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open", url.path) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync", url.path) }
    }

    /// Writes `bytes` into a new file at `url` (it must not exist), flushed to disk.
    static func writeNew(_ bytes: [UInt8], to url: URL, mode: mode_t = 0o600) throws {
        let fd = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw failure("create", url.path) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(url.path) }
        }
        var written = 0
        try bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let n = write(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw failure("write", url.path)
                }
                written += n
            }
        }
        guard fsync(fd) == 0 else { throw failure("fsync", url.path) }
        ok = true
    }

    /// The device and inode of `path`, or nil when it does not exist.
    static func identity(_ path: String) -> (UInt64, UInt64)? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        return (UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// Moves `from` to `to` without ever replacing a file at `to`: a hard link then an unlink
    /// (the maildir specification's own method). Returns false when `to` holds another file.
    /// When `to` is already the same file (a crash between link and unlink), the source name
    /// is removed and the move counts as done.
    static func moveNoReplace(from: URL, to: URL) throws -> Bool {
        if link(from.path, to.path) == 0 {
            guard unlink(from.path) == 0 else { throw failure("unlink", from.path) }
            return true
        }
        let code = errno
        switch code {
        case EEXIST:
            if let a = identity(from.path), let b = identity(to.path), a == b {
                guard unlink(from.path) == 0 else { throw failure("unlink", from.path) }
                return true
            }
            return false
        case EXDEV:
            throw MaildirError.crossesFileSystems(from: from.path, to: to.path)
        case EPERM, ENOTSUP, EOPNOTSUPP, EMLINK:
            // A file system without hard links: rename, after checking that nothing is there.
            if access(to.path, F_OK) == 0 { return false }
            guard rename(from.path, to.path) == 0 else {
                if errno == EXDEV { throw MaildirError.crossesFileSystems(from: from.path, to: to.path) }
                throw failure("rename", from.path)
            }
            return true
        default:
            throw failure("link", from.path, code)
        }
    }
}
