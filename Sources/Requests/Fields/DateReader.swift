import Domain
import Foundation

/// Dates as officers write them (`requests.md` §2.8): `2026-12-15`, `15/12/2026`,
/// `15.12.2026`, `15-12-2026`, `15/12/26`, `15-Dec-2026`, `15 December 2026`,
/// `15th December, 2026`, `Dec 15, 2026`, optionally after `w.e.f.` and before `(FN)`/`(AN)`.
/// Numeric dates are day first (Indian usage); one that cannot be (`12/15/2026`) is refused,
/// never re-read month first.
enum DateReader {
    static let expectation = "a date such as 15/12/2026 or 15 December 2026 (day first)"

    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
        "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
        "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
        "जनवरी": 1, "फरवरी": 2, "मार्च": 3, "अप्रैल": 4, "मई": 5, "जून": 6, "जुलाई": 7, "अगस्त": 8,
        "सितंबर": 9, "सितम्बर": 9, "अक्टूबर": 10, "अक्तूबर": 10, "नवंबर": 11, "नवम्बर": 11, "दिसंबर": 12, "दिसम्बर": 12,
    ]

    /// The day written in `text`, or the expectation to quote in a problem.
    static func read(_ text: String) -> Result<CalendarDay, Expected> {
        var t = text.lowercased().trimmingSet(" \t.")
        for prefix in ["w.e.f.", "w.e.f", "wef", "with effect from", "from", "on"] where t.hasPrefix(prefix + " ") || t.hasPrefix(prefix) && prefix.hasSuffix(".") {
            t = String(t.dropFirst(prefix.count)).trimmingSet(" \t")
            break
        }
        for suffix in ["(fn)", "(an)", "fn", "an", "(forenoon)", "(afternoon)", "forenoon", "afternoon"] where t.hasSuffix(suffix) {
            t = String(t.dropLast(suffix.count)).trimmingSet(" \t,")
            break
        }
        // Numeric forms.
        let numericSeparators: Set<Character> = ["/", ".", "-"]
        if let first = t.first, first.isASCII, first.isNumber, t.allSatisfy({ ($0.isASCII && $0.isNumber) || numericSeparators.contains($0) }) {
            let parts = t.split(whereSeparator: { numericSeparators.contains($0) }).map(String.init)
            guard parts.count == 3, let a = Int(parts[0]), let b = Int(parts[1]), let c = Int(parts[2]) else {
                return .failure(Expected(expectation))
            }
            if parts[0].count == 4 {
                // ISO: year-month-day.
                return CalendarDay(year: a, month: b, day: c).map { .success($0) } ?? .failure(Expected(expectation))
            }
            guard parts[2].count == 4 || parts[2].count == 2 else { return .failure(Expected(expectation)) }
            let year = parts[2].count == 2 ? 2000 + c : c
            if b > 12 {
                return .failure(Expected("a day-first date (day/month/year); \(text.trimmingSet(" ")) cannot be read day first"))
            }
            return CalendarDay(year: year, month: b, day: a).map { .success($0) } ?? .failure(Expected(expectation))
        }
        // Forms with a month name: 15-Dec-2026, 15 December 2026, 15th December, 2026, Dec 15, 2026.
        let tokens = t.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" || $0 == "/" || $0 == "." })
            .map(String.init).filter { !$0.isEmpty }
        var day: Int?, month: Int?, year: Int?
        for token in tokens {
            if let m = months[token] ?? months[String(token.prefix(3))].flatMap({ token.count <= 9 && token.allSatisfy(\.isLetter) ? $0 : nil }) {
                guard month == nil else { return .failure(Expected(expectation)) }
                month = m
                continue
            }
            var digits = token
            for suffix in ["st", "nd", "rd", "th"] where digits.hasSuffix(suffix) && digits.count > 2 {
                digits = String(digits.dropLast(2))
            }
            guard let n = Int(digits), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(Expected(expectation)) }
            if digits.count == 4 { year = n } else if day == nil, digits.count <= 2 { day = n } else { return .failure(Expected(expectation)) }
        }
        guard let day, let month, let year, let result = CalendarDay(year: year, month: month, day: day) else {
            return .failure(Expected(expectation))
        }
        return .success(result)
    }
}
