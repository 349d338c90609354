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
}
