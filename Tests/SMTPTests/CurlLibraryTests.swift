#if canImport(Glibc)
import Glibc
#endif
import SMTP
import Testing

@Suite("libcurl through CCurl")
struct CurlLibraryTests {
    @Test("the linked libcurl reports a version and speaks smtp and smtps")
    func speaksSMTP() {
        let library = CurlLibrary.current()
        let major = library.version.split(separator: ".").first.flatMap { Int($0) }
        #expect(major != nil && major! >= 7, "version \(library.version)")
        #expect(library.protocols.contains("smtp"))
        #expect(library.protocols.contains("smtps"))
        #expect(library.supportsSMTP)
        #expect(library.tlsVersion != nil)
    }

    @Test("once libcurl is set up, a write to a closed connection fails with EPIPE instead of ending the process")
    func sigpipeIgnored() {
        _ = CurlLibrary.current()
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        close(ends[1])
        let written = write(ends[0], "x", 1)
        let error = errno
        close(ends[0])
        #expect(written == -1)
        #expect(error == EPIPE)
    }
}
