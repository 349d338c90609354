import Desk
import Testing

@Suite("Values from mail printed for people: one line, nothing that reorders it")
struct PrintableTextTests {
    @Test("line breaks of every kind and controls never start a line; direction marks are dropped")
    func oneLine() {
        #expect(PrintableText.line("Hello\r\nX-Injected: yes\u{2028}APPROVE\u{85}x") == "Hello⏎X-Injected: yesAPPROVEx")
        #expect(PrintableText.line("a\u{1B}[2Jb\u{7F}c") == "a[2Jbc")
        #expect(PrintableText.line("\u{061C}abc\u{200F}\u{202E}def\u{2066}") == "abcdef")
        #expect(PrintableText.line("name\twith tab") == "name\twith tab")
        #expect(PrintableText.line("a\nb", keepNewlines: true) == "a\nb")
        #expect(PrintableText.line("श्री ए. कुमार") == "श्री ए. कुमार")
    }
}
