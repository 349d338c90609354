import Domain
import Foundation

/// The raw values of every key after the file and the environment were read, each with the
/// place it came from, and the typed readers that check a value and say what was expected.
struct ConfigSource {
    struct Entry {
        var value: ConfigValue
        /// The file path or environment variable; nil for a default.
        var origin: String?
    }

    var entries: [String: Entry]
    /// The configuration file's path, named in messages about defaults and cross-key rules.
    let file: String
    /// Relative paths are resolved against this folder (the file's own folder).
    let baseDirectory: URL

    private func entry(_ section: String, _ name: String) -> (ConfigKey, Entry) {
        guard let key = ConfigSchema.key(section: section, name: name) else {
            preconditionFailure("[\(section)] \(name) is not in ConfigSchema.keys")
        }
        return (key, entries["\(section).\(name)"] ?? Entry(value: key.defaultValue, origin: nil))
    }

    /// Where `[section] name` came from: the environment variable or file that set it, or the
    /// configuration file for a default (named in messages about rules that join two keys).
    func origin(_ section: String, _ name: String) -> String {
        entry(section, name).1.origin ?? file
    }

    func error(_ key: ConfigKey, _ entry: Entry, expected: String) -> ConfigError {
        ConfigError(origin: entry.origin ?? file, key: key.qualifiedName,
                    seen: entry.value.description, expected: expected)
    }

    func string(_ section: String, _ name: String,
                check: (String) -> String? = { _ in nil }) throws(ConfigError) -> String {
        let (key, entry) = entry(section, name)
        guard case .string(let s) = entry.value else { throw error(key, entry, expected: "expected \(key.kind.noun)") }
        if let expected = check(s) { throw error(key, entry, expected: "expected " + expected) }
        return s
    }

    func list(_ section: String, _ name: String, allowEmpty: Bool = true,
              check: (String) -> String? = { _ in nil }) throws(ConfigError) -> [String] {
        let (key, entry) = entry(section, name)
        guard case .list(let items) = entry.value else { throw error(key, entry, expected: "expected \(key.kind.noun)") }
        if !allowEmpty && items.isEmpty { throw error(key, entry, expected: "expected at least one value") }
        for item in items {
            if let expected = check(item) {
                throw ConfigError(origin: entry.origin ?? file, key: key.qualifiedName,
                                  seen: ConfigValue.string(item).description,
                                  expected: "expected " + expected)
            }
        }
        return items
    }

    func integer(_ section: String, _ name: String, in range: ClosedRange<Int>,
                 unit: String) throws(ConfigError) -> Int {
        let (key, entry) = entry(section, name)
        guard case .integer(let i) = entry.value else {
            throw error(key, entry, expected: "expected an integer (\(unit))")
        }
        guard range.contains(i) else {
            let bounds = range.upperBound == Int.max
                ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw error(key, entry, expected: "expected \(unit), \(bounds)")
        }
        return i
    }

    func oneOf<T: RawRepresentable & CaseIterable>(_ section: String, _ name: String,
                                                    _ type: T.Type) throws(ConfigError) -> T
    where T.RawValue == String {
        let words = T.allCases.map(\.rawValue)
        let word = try string(section, name) { s in
            words.contains(s) ? nil : "one of " + words.joined(separator: ", ")
        }
        return T(rawValue: word)!
    }

    func address(_ section: String, _ name: String) throws(ConfigError) -> EmailAddress {
        let s = try string(section, name) { s in
            EmailAddress(s) == nil ? ConfigSource.addressExpectation : nil
        }
        return EmailAddress(s)!
    }

    func addresses(_ section: String, _ name: String, allowEmpty: Bool) throws(ConfigError) -> [EmailAddress] {
        try list(section, name, allowEmpty: allowEmpty) { s in
            EmailAddress(s) == nil ? ConfigSource.addressExpectation : nil
        }.map { EmailAddress($0)! }
    }

    func hostNames(_ section: String, _ name: String, allowEmpty: Bool) throws(ConfigError) -> [String] {
        try list(section, name, allowEmpty: allowEmpty) { s in
            ConfigSource.isHostName(s) ? nil : ConfigSource.hostExpectation
        }.map { $0.lowercased() }
    }

    /// A file or folder path; relative paths are resolved against the file's folder.
    func path(_ section: String, _ name: String, allowEmpty: Bool = false) throws(ConfigError) -> URL? {
        let s = try string(section, name) { s in
            if s.isEmpty { return allowEmpty ? nil : "a path" }
            if s.contains("\0") { return "a path without NUL characters" }
            return nil
        }
        if s.isEmpty { return nil }
        if s.hasPrefix("/") { return URL(fileURLWithPath: s).standardizedFileURL }
        return baseDirectory.appendingPathComponent(s).standardizedFileURL
    }

    static let addressExpectation = "an e-mail address like name@dopt.gov.in (ASCII, one @, a dotted domain)"
    static let hostExpectation = "a domain name like mx.dopt.gov.in"

    static func isHostName(_ s: String) -> Bool {
        EmailAddress("x@" + s) != nil
    }
}
