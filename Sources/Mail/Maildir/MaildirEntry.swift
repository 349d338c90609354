import Foundation

/// One mail file of a maildir (cr.yp.to/proto/maildir.html): its unique name, the info
/// suffix after `:2,` with its flags, and the receipt time the name carries.
public struct MaildirEntry: Sendable, Equatable {
    /// The folder holding the file (`…/new` or `…/cur`).
    public let directory: URL
    /// The file name, info included (`1795495500.M1P2Q3.host,S=944:2,S`).
    public let name: String

    /// Names a file `name` in `directory`.
    public init(directory: URL, name: String) {
        self.directory = directory
        self.name = name
    }

    /// The file's path.
    public var url: URL { directory.appendingPathComponent(name, isDirectory: false) }

    /// The unique part of the name: everything before the `:` that starts the info.
    public var uniqueName: String {
        guard let colon = name.firstIndex(of: ":") else { return name }
        return String(name[..<colon])
    }

    /// The flags of an info `:2,FLAGS` (letters, sorted, no duplicates); empty when none.
    public var flags: [Character] {
        guard let range = name.range(of: ":2,") else { return [] }
        return Array(Set(name[range.upperBound...].filter { $0.isLetter })).sorted()
    }

    /// The name this file takes in `cur/` with `added` flags joined to its own (sorted, as
    /// the Dovecot and Courier conventions require).
    public func curName(adding added: [Character]) -> String {
        let all = Array(Set(flags + added)).sorted()
        return uniqueName + ":2," + String(all)
    }

    /// The receipt time from the name (the seconds before the first `.`, as every maildir
    /// writer puts them; `requests.md` §1), or nil when the name does not start with one.
    public var receiptTimeFromName: Date? {
        let digits = name.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, name.dropFirst(digits.count).first == ".",
              let seconds = TimeInterval(digits) else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }
}
