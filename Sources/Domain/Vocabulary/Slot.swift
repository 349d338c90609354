/// A slot of an MDO's generic IDs (`requests.md` §1): `nodal`, `admin`, `cc1`, `cc2`… (Content
/// Creators), `cr1`, `cr2`… (Content Reviewers), `cp`, `cp2`, `cp3`… (Content Publishers —
/// the first is `cp`, exactly as in the OM). No leading zeros.
public enum Slot: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The Nodal Officer's ID.
    case nodal
    /// The Admin's ID.
    case admin
    /// Content Creator number n (1, 2, …).
    case creator(Int)
    /// Content Reviewer number n (1, 2, …).
    case reviewer(Int)
    /// Content Publisher number n: 1 is written `cp`, then `cp2`, `cp3`, ….
    case publisher(Int)

    /// The role's kind, for counts and rules.
    public enum Role: String, Sendable, CaseIterable {
        case nodal, admin, creator, reviewer, publisher
    }

    /// The slot's role.
    public var role: Role {
        switch self {
        case .nodal: return .nodal
        case .admin: return .admin
        case .creator: return .creator
        case .reviewer: return .reviewer
        case .publisher: return .publisher
        }
    }

    /// The number within the role (1 for `nodal`, `admin` and `cp`).
    public var number: Int {
        switch self {
        case .nodal, .admin: return 1
        case .creator(let n), .reviewer(let n), .publisher(let n): return n
        }
    }

    /// The slot as written in an ID: `nodal`, `cc1`, `cp`, `cp2`.
    public var description: String {
        switch self {
        case .nodal: return "nodal"
        case .admin: return "admin"
        case .creator(let n): return "cc\(n)"
        case .reviewer(let n): return "cr\(n)"
        case .publisher(let n): return n == 1 ? "cp" : "cp\(n)"
        }
    }

    /// Why a slot text was refused.
    public enum Failure: Error, Equatable, Sendable {
        /// Not a slot at all.
        case unknown
        /// `cp1`: the first publisher is `cp`.
        case firstPublisherIsCP
        /// A number with a leading zero, or zero.
        case badNumber
    }

    /// Reads a slot (ASCII, any case).
    public static func parse(_ text: String) -> Result<Slot, Failure> {
        let t = text.lowercased()
        switch t {
        case "nodal": return .success(.nodal)
        case "admin": return .success(.admin)
        case "cp": return .success(.publisher(1))
        default: break
        }
        guard t.utf8.count >= 3, t.utf8.allSatisfy({ $0 < 0x80 }) else { return .failure(.unknown) }
        let prefix = String(t.prefix(2))
        let digits = t.dropFirst(2)
        guard ["cc", "cr", "cp"].contains(prefix), !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(.unknown)
        }
        guard digits.first != "0", let n = Int(digits), n >= 1, n <= 999 else { return .failure(.badNumber) }
        switch prefix {
        case "cc": return .success(.creator(n))
        case "cr": return .success(.reviewer(n))
        default: return n == 1 ? .failure(.firstPublisherIsCP) : .success(.publisher(n))
        }
    }

    /// Orders nodal, admin, creators, reviewers, publishers, each by number.
    public static func < (a: Slot, b: Slot) -> Bool {
        let order: [Role] = [.nodal, .admin, .creator, .reviewer, .publisher]
        let ra = order.firstIndex(of: a.role)!, rb = order.firstIndex(of: b.role)!
        return ra != rb ? ra < rb : a.number < b.number
    }
}
