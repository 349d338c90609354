import Domain
import Foundation
import Mustache

/// The letter templates (`workflow.md` §3): the bundled ones, and an operator's folder whose
/// files override them by name. Loaded once; every tag is checked against the variables that
/// `Templates/README.md` lists for its letter.
public struct TemplateLibrary: Sendable {
    /// One parsed template: its header fields and its body.
    public struct Template: Sendable {
        /// The letter's name (`acknowledgement`).
        public var name: String
        /// The Subject template, or nil when the file sets none.
        public var subject: MustacheTemplate?
        /// Fixed Cc addresses the template adds.
        public var cc: [String]
        /// The body.
        public var body: MustacheTemplate
        /// Where it was read from.
        public var file: String
    }

    /// Why the templates could not be loaded: the file, the line when known, and what is wrong.
    public struct LoadError: Error, CustomStringConvertible, Equatable {
        /// The file at fault.
        public var file: String
        /// One line saying what is wrong.
        public var problem: String
        /// `file: problem`.
        public var description: String { "\(file): \(problem)" }

        /// Makes an error naming `file`.
        public init(file: String, problem: String) {
            self.file = file
            self.problem = problem
        }
    }

    /// The templates by letter name.
    public let templates: [String: Template]
    /// Warnings for the log (an override folder that lacks a template: the bundled one is used).
    public let warnings: [String]

    /// The bundled templates' folder (a resource of this module).
    public static var bundledDirectory: URL? {
        Bundle.module.url(forResource: "Templates", withExtension: nil)
    }

    /// Loads the bundled templates, then the overrides in `override` (when it exists).
    ///
    /// - Throws: `LoadError` naming the file: unreadable, a Mustache syntax error (with its
    ///   line), or a tag that is not a variable of its letter.
    public init(override: URL?) throws {
        guard let bundled = TemplateLibrary.bundledDirectory else {
            throw LoadError(file: "Templates", problem: "the bundled templates are missing from this build")
        }
        let variables = try TemplateLibrary.variables(bundled.appendingPathComponent("README.md", isDirectory: false))
        var templates: [String: Template] = [:]
        var warnings: [String] = []
        // No folder there is the default (`iddesk init` makes none): the bundled templates.
        // Something else there is the operator's mistake, said at start.
        var isFolder: ObjCBool = false
        if let override, FileManager.default.fileExists(atPath: override.path, isDirectory: &isFolder) {
            if !isFolder.boolValue {
                throw LoadError(file: override.path, problem: "is not a folder of templates ([desk] templates names a folder)")
            } else if !FileManager.default.isReadableFile(atPath: override.path) {
                throw LoadError(file: override.path, problem: "the folder cannot be read (check its permissions)")
            }
        }
        for name in variables.keys.sorted() {
            let bundledFile = bundled.appendingPathComponent(name + ".mustache", isDirectory: false)
            var file = bundledFile
            if let override {
                let candidate = override.appendingPathComponent(name + ".mustache", isDirectory: false)
                if FileManager.default.fileExists(atPath: candidate.path) {
                    file = candidate
                } else if FileManager.default.fileExists(atPath: override.path) {
                    warnings.append("\(candidate.path): missing; the bundled \(name) template is used")
                }
            }
            templates[name] = try TemplateLibrary.load(file, name: name, allowed: variables[name] ?? [])
        }
        self.templates = templates
        self.warnings = warnings
    }

    /// The template named `name`, or nil.
    public func template(_ name: String) -> Template? { templates[name] }

    /// The letters and their variables from the README's list (`- name: var, var`).
    static func variables(_ readme: URL) throws -> [String: Set<String>] {
        guard let text = try? String(contentsOf: readme, encoding: .utf8) else {
            throw LoadError(file: readme.path, problem: "cannot be read")
        }
        var out: [String: Set<String>] = [:]
        var inList = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("## Variables") { inList = true; continue }
            guard inList, line.hasPrefix("- "), let colon = line.firstIndex(of: ":") else { continue }
            let name = line.dropFirst(2)[..<colon].trimmingCharacters(in: .whitespaces)
            let names = line[line.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            out[name] = Set(names + ["request", "action_code", "password_mailed"])
        }
        return out
    }

    /// Reads one template file: header fields, a blank line, the body.
    static func load(_ file: URL, name: String, allowed: Set<String>) throws -> Template {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw LoadError(file: file.path, problem: "cannot be read as UTF-8 text")
        }
        var lines = text.components(separatedBy: "\n")
        var subject: String?
        var cc: [String] = []
        var bodyStart = 0
        for (i, line) in lines.enumerated() {
            if line.trimmingCharacters(in: .whitespaces).isEmpty { bodyStart = i + 1; break }
            if line.lowercased().hasPrefix("subject:") { subject = String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces) }
            else if line.lowercased().hasPrefix("cc:") {
                cc += line.dropFirst(3).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } else {
                throw LoadError(file: "\(file.path):\(i + 1)", problem: "a header line must be Subject: or Cc:, then a blank line")
            }
        }
        lines = Array(lines[bodyStart...])
        let body = lines.joined(separator: "\n")
        // An empty letter, or a Cc no relay can deliver, would go out with every letter of
        // its kind: both stop the desk at start instead.
        if body.allSatisfy(\.isWhitespace) {
            throw LoadError(file: file.path, problem: "the letter has no body (header lines, a blank line, then the text)")
        }
        for address in cc where EmailAddress(address) == nil {
            throw LoadError(file: file.path, problem: "Cc: \"\(address)\" is not an e-mail address like name@dopt.gov.in")
        }
        for tag in tags(in: (subject ?? "") + "\n" + body) {
            let base = tag.hasPrefix("has_") ? String(tag.dropFirst(4)) : tag
            let root = String(base.split(separator: ".").first ?? "")
            guard tag == "." || allowed.contains(root) else {
                throw LoadError(file: file.path, problem: "unknown variable {{\(tag)}} for the \(name) letter (see Templates/README.md)")
            }
        }
        // The pragma is the loader's, so an override can never turn HTML escaping on.
        func compile(_ source: String, offset: Int) throws -> MustacheTemplate {
            do {
                return try MustacheTemplate(string: "{{%CONTENT_TYPE: TEXT}}" + source)
            } catch let error as MustacheTemplate.ParserError {
                throw LoadError(file: "\(file.path):\(error.context.lineNumber + offset)", problem: "Mustache syntax: \(error.error)")
            }
        }
        return Template(name: name, subject: try subject.map { try compile($0, offset: 0) }, cc: cc,
                        body: try compile(body, offset: bodyStart), file: file.path)
    }

    /// The variable names of the tags in `text` (`{{x}}`, `{{#x}}`, `{{^x}}`, `{{/x}}`, `{{{x}}}`).
    static func tags(in text: String) -> [String] {
        var out: [String] = []
        var rest = text[...]
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            var tag = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if tag.hasPrefix("{") { tag = String(tag.dropFirst()) }
            if let first = tag.first, "#^/&".contains(first) { tag = String(tag.dropFirst()).trimmingCharacters(in: .whitespaces) }
            if !tag.isEmpty, !tag.hasPrefix("!"), !tag.hasPrefix("%"), !tag.hasPrefix(">") { out.append(tag) }
            rest = rest[close.upperBound...]
        }
        return out
    }
}
