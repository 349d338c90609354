#if canImport(Glibc)
import Glibc
#endif

/// The command line's own output and error streams, written with `write(2)`.
///
/// The process ignores SIGPIPE once libcurl is set up (`CurlShim`: its handles do not touch
/// signals), and Foundation's `FileHandle.write` traps on the EPIPE a write then gets when the
/// reader has gone (`iddesk run | tee log` after `tee` died, `iddesk roster | head -1`).
/// These writes end the process as SIGPIPE always did instead: the default action restored
/// and the signal raised, which a shell reports as status 141.
enum StandardStream {
    /// File descriptor 1.
    case output
    /// File descriptor 2.
    case error

    /// Writes `text` whole (UTF-8), retrying short and interrupted writes; a reader that has
    /// gone ends the process by SIGPIPE, and any other failure drops the rest of the text.
    func write(_ text: String) {
        let descriptor: Int32 = self == .output ? 1 : 2
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written > 0 {
                bytes = bytes.dropFirst(written)
            } else if written < 0 && errno == EINTR {
                continue
            } else if written < 0 && errno == EPIPE {
                signal(SIGPIPE, nil)   // SIG_DFL
                raise(SIGPIPE)
                return
            } else {
                return
            }
        }
    }
}
