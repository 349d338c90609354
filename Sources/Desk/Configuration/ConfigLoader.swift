import Foundation
import TOMLKit

/// Loads `iddesk.toml` the way `config.md` says: the file's keys over the defaults, then
/// `IDDESK_SECTION_KEY` environment variables over the file, every value checked.
public enum ConfigLoader {
    /// What loading produced: the configuration and the warnings to log (unknown `IDDESK_*`
    /// variables, an insecure sender-check policy).
    public struct Loaded: Sendable {
        /// The checked configuration.
        public var configuration: Configuration
        /// One line each, for the log at warning level.
        public var warnings: [String]
    }

    /// Reads the file at `file` and the environment.
    ///
    /// - Parameters:
    ///   - file: the configuration file; relative paths inside it are resolved against its folder.
    ///   - environment: the process environment (injected so that tests can pin it).
    /// - Throws: `ConfigError` naming the file or variable, the key, the value seen and what
    ///   was expected: an unreadable file, TOML syntax, an unknown section or key, a wrong
    ///   type, a bad value, or a rule joining two keys.
    public static func load(file: URL, environment: [String: String]) throws(ConfigError) -> Loaded {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: file.path, isDirectory: &isDirectory)
            let why: String
            if !exists {
                why = "no such configuration file (write one with `iddesk init`, or give --config FILE)"
            } else if isDirectory.boolValue {
                why = "a folder, not a configuration file"
            } else if !FileManager.default.isReadableFile(atPath: file.path) {
                why = "permission denied: the desk's user cannot read the configuration file"
            } else {
                why = "cannot read the configuration file as UTF-8 text"
            }
            throw ConfigError(origin: file.path, key: nil, seen: nil, expected: why)
        }
        return try load(text: text, file: file, environment: environment)
    }

    /// Reads configuration `text` as if it were the file at `file` (which need not exist);
    /// see `load(file:environment:)`.
    ///
    /// - Throws: `ConfigError` naming the file or variable, the key, the value seen and what is expected.
    public static func load(text: String, file: URL, environment: [String: String]) throws(ConfigError) -> Loaded {
        var entries = try entries(fromTOML: text, file: file.path)
        var warnings: [String] = []
        for (variable, value) in environment.sorted(by: { $0.key < $1.key }) where variable.hasPrefix("IDDESK_") {
            guard let key = ConfigSchema.key(environmentName: variable) else {
                if !ConfigSchema.otherEnvironmentNames.contains(variable) {
                    warnings.append("\(variable): not a configuration variable of iddesk; ignored")
                }
                continue
            }
            entries["\(key.section).\(key.name)"] = ConfigSource.Entry(
                value: try fromEnvironment(value, key: key, variable: variable), origin: variable)
        }
        let source = ConfigSource(entries: entries, file: file.path,
                                  baseDirectory: file.deletingLastPathComponent())
        var configuration = try Configuration(source: source)
        configuration.smtp.password = try password(configuration.smtp, environment: environment, file: file.path)
        if configuration.senderCheck.policy == .off {
            warnings.append("[sender_check] policy = \"off\": mail is not checked for forgery; use it for tests and demos only")
        }
        return Loaded(configuration: configuration, warnings: warnings)
    }

    /// The raw entries of a TOML text, with unknown sections and keys and wrong types refused.
    static func entries(fromTOML text: String, file: String) throws(ConfigError) -> [String: ConfigSource.Entry] {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(origin: "\(file):\(error.source.begin.line):\(error.source.begin.column)",
                              key: nil, seen: nil, expected: "not valid TOML: \(error.description)")
        } catch {
            throw ConfigError(origin: file, key: nil, seen: nil, expected: "not valid TOML")
        }
        let sectionNames = ConfigSchema.sections.map(\.name)
        var entries: [String: ConfigSource.Entry] = [:]
        for (sectionName, sectionValue) in table {
            guard sectionNames.contains(sectionName) else {
                let hint = suggestion(for: sectionName, among: sectionNames).map { " (did you mean [\($0)]?)" } ?? ""
                throw ConfigError(origin: file, key: "[\(sectionName)]", seen: nil,
                                  expected: "unknown section\(hint); the sections are " + sectionNames.map { "[\($0)]" }.joined(separator: ", "))
            }
            guard let section = sectionValue.table else {
                throw ConfigError(origin: file, key: sectionName, seen: sectionValue.debugDescription,
                                  expected: "expected a [\(sectionName)] table, not a top-level key")
            }
            let names = ConfigSchema.keys.filter { $0.section == sectionName }.map(\.name)
            for (name, value) in section {
                guard let key = ConfigSchema.key(section: sectionName, name: name) else {
                    let hint = suggestion(for: name, among: names).map { "did you mean \($0)? " } ?? ""
                    throw ConfigError(origin: file, key: "[\(sectionName)] \(name)", seen: render(value),
                                      expected: "unknown key; \(hint)the keys of [\(sectionName)] are " + names.joined(separator: ", "))
                }
                entries["\(sectionName).\(name)"] = ConfigSource.Entry(
                    value: try configValue(value, key: key, file: file), origin: file)
            }
        }
        return entries
    }

    static func configValue(_ value: any TOMLValueConvertible, key: ConfigKey, file: String) throws(ConfigError) -> ConfigValue {
        let wrongType = ConfigError(origin: file, key: key.qualifiedName, seen: render(value),
                                    expected: "expected \(key.kind.noun), like \(key.defaultValue)")
        switch key.kind {
        case .string:
            guard let s = value.string else { throw wrongType }
            return .string(s)
        case .integer:
            guard let i = value.int else { throw wrongType }
            return .integer(i)
        case .list:
            guard let array = value.array else { throw wrongType }
            var items: [String] = []
            for element in array {
                guard let s = element.string else { throw wrongType }
                items.append(s)
            }
            return .list(items)
        }
    }

    /// An environment value read with the key's kind: integers in decimal, lists
    /// comma-separated with blanks trimmed and empty items dropped.
    static func fromEnvironment(_ text: String, key: ConfigKey, variable: String) throws(ConfigError) -> ConfigValue {
        switch key.kind {
        case .string:
            return .string(text)
        case .integer:
            guard let i = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw ConfigError(origin: variable, key: key.qualifiedName, seen: ConfigValue.string(text).description,
                                  expected: "expected an integer, like \(key.defaultValue)")
            }
            return .integer(i)
        case .list:
            return .list(text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }

    /// The SMTP password from `password_file`, else `IDDESK_SMTP_PASSWORD`, else nil. A
    /// trailing line break in the file is not part of the password.
    static func password(_ smtp: Configuration.SMTP, environment: [String: String], file: String) throws(ConfigError) -> Secret? {
        if let path = smtp.passwordFile {
            guard let data = FileManager.default.contents(atPath: path.path),
                  var text = String(data: data, encoding: .utf8) else {
                throw ConfigError(origin: file, key: "[smtp] password_file", seen: ConfigValue.string(path.path).description,
                                  expected: "expected a readable file holding the SMTP password")
            }
            while text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
            return Secret(text)
        }
        return environment["IDDESK_SMTP_PASSWORD"].map(Secret.init)
    }

    static func render(_ value: any TOMLValueConvertible) -> String {
        if let s = value.string { return ConfigValue.string(s).description }
        if let i = value.int { return String(i) }
        return value.debugDescription.replacingOccurrences(of: "\n", with: " ")
    }

    /// The closest name within two edits, for "did you mean" hints.
    static func suggestion(for word: String, among names: [String]) -> String? {
        names.map { ($0, editDistance(word.lowercased(), $0)) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?.0
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
}
