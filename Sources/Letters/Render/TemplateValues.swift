import Foundation
import Mustache

/// A letter's text value as a template sees it: rendered as it is, with no fields of its own,
/// transformed as a String is (`{{uppercased(name)}}`).
///
/// A class that conforms to swift-mustache's protocols directly: a String reached them through
/// casts that missed (`String(describing:)`, a `Mirror` for every name looked up while it was
/// a section's value), the most of rendering a letter.
final class TemplateText: MustacheCustomRenderable, MustacheParent, MustacheTransformable, CustomStringConvertible,
    CustomDebugStringConvertible {
    /// The text, cleaned of control characters and line breaks (`LetterRenderer.oneLine`).
    let text: String

    /// Holds `text`, already cleaned by the caller.
    init(_ text: String) { self.text = text }

    /// The text, as written.
    var renderText: String { text }
    /// Never null: an empty text is still a value, as a String is in swift-mustache.
    var isNull: Bool { false }
    /// A text has no fields: a name looked up while it is a section's value goes on to the
    /// values around it.
    func child(named: String) -> Any? { nil }
    /// The String transforms.
    func transform(_ name: String) -> Any? { text.transform(name) }
    /// The text.
    var description: String { text }
    /// The text quoted, as a String shows inside a printed list or object.
    var debugDescription: String { text.debugDescription }
}

/// A letter's fields (a JSON object) as a template sees them: a name gives its value. Held in a
/// class that is a `MustacheParent` itself, where a Dictionary is one only under a condition
/// (`Key == String`) that the runtime checked at every name looked up.
final class TemplateFields: MustacheParent, MustacheTransformable, CustomStringConvertible {
    /// The values by name.
    let fields: [String: Any]

    /// Holds `fields`, their values already prepared (`LetterRenderer.prepared`).
    init(_ fields: [String: Any]) { self.fields = fields }

    /// The value named `name`, or nil.
    func child(named name: String) -> Any? { fields[name] }
    /// The Dictionary transforms (`count`, `empty`, `enumerated`, `sorted`).
    func transform(_ name: String) -> Any? { fields.transform(name) }
    /// The fields printed as a Dictionary prints (an override template that writes a whole
    /// object, `{{officer}}`, gets what it got before, not a type name).
    var description: String { String(describing: fields) }
}
