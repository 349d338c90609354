/// What a field should have held, for a `Problem`'s "expected" text.
struct Expected: Error, Equatable, Sendable {
    let text: String
    init(_ text: String) { self.text = text }
}
