/// A request number (`requests.md` §1): `REQ-YYYY-NNNNNN`, given by the desk.
public struct RequestNumber: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year of receipt.
    public let year: Int
    /// The number within the year, 1-999999.
    public let sequence: Int

    /// Makes a number.
    public init?(year: Int, sequence: Int) {
        guard (2000...9999).contains(year), (1...999_999).contains(sequence) else { return nil }
        self.year = year
        self.sequence = sequence
    }

    /// Reads `REQ-2026-000001` (any case); nil otherwise.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-")
        guard parts.count == 3, parts[0] == "REQ", parts[1].count == 4, parts[2].count == 6,
              parts[1].allSatisfy({ $0.isASCII && $0.isNumber }), parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
              let y = Int(parts[1]), let s = Int(parts[2]) else { return nil }
        self.init(year: y, sequence: s)
    }

    /// `REQ-2026-000001`.
    public var description: String {
        let digits = String(sequence)
        return "REQ-\(year)-" + String(repeating: "0", count: 6 - digits.count) + digits
    }

    /// Orders by year, then sequence.
    public static func < (a: RequestNumber, b: RequestNumber) -> Bool {
        (a.year, a.sequence) < (b.year, b.sequence)
    }
}

/// An action code (`requests.md` §1): 8 random Crockford base-32 characters that a letter
/// asking DoPT/SPV or NIC to act carries, and that their control line must repeat.
public struct ActionCode: Hashable, Sendable, CustomStringConvertible {
    /// The code, upper-case, in Crockford's alphabet (no I, L, O, U).
    public let value: String

    /// The Crockford base-32 alphabet.
    public static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    /// Reads a code as people copy it: any case, and the look-alikes Crockford allows
    /// (`I`/`L` → `1`, `O` → `0`). Nil unless 8 characters of the alphabet remain.
    public init?(_ text: String) {
        var out = ""
        for c in text.uppercased() {
            switch c {
            case "I", "L": out.append("1")
            case "O": out.append("0")
            case "-": continue
            default:
                guard ActionCode.alphabet.contains(c) else { return nil }
                out.append(c)
            }
        }
        guard out.count == 8 else { return nil }
        value = out
    }

    /// A new random code.
    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> ActionCode {
        ActionCode(String((0..<8).map { _ in alphabet[Int(generator.next() % 32)] }))!
    }

    /// The code.
    public var description: String { value }
}
