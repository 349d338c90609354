import Foundation

/// Mobile numbers in text quoted back to an officer (`requests.md` §7: "Mobile numbers appear
/// only in letters to DoPT/SPV"). A refusal quotes what the desk read — a row of a sheet, a
/// line of the mail — and such a line can carry a mobile number; in a letter to anyone else
/// the number is shown as `[mobile number]`.
enum MobileNumbers {
    /// An Indian mobile number as officers write it: 10 digits from 6 to 9 first, in groups
    /// or not, after `+91`, `91` or `0`; not part of a longer run of digits or of a word
    /// (`REQ-2026-000001`, an ID, a date).
    static let pattern = try! NSRegularExpression(pattern: #"(?<![\p{L}\p{N}_-])(?:\+?91[ -]?|0)?[6-9](?:[ -]?[0-9]){9}(?![\p{L}\p{N}_])"#)

    /// `text` with each mobile number replaced by `[mobile number]`.
    static func masked(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x36 && $0 <= 0x39 }) else { return text }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "[mobile number]")
    }
}
