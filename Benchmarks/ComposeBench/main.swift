// compose-bench: composes the queued letters of a desk the way `iddesk process` does before
// sending them (`OutboxDrain.composeForSending`: the template rendered in the OM layout, the
// message composed with its MIME body), on one thread, ROUNDS times, and prints the fastest
// round's microseconds per letter, and how long reading the queue took. Nothing is sent or
// recorded. The desk is read, not changed.
//
//   compose-bench DESK_DIR [--rounds N] [--now ISO8601]
import Desk
import Foundation
import Logging
import Registry

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: compose-bench DESK_DIR [--rounds N] [--now ISO8601]\n".utf8))
    exit(2)
}
func option(_ name: String) -> String? {
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}
let rounds = option("--rounds").flatMap(Int.init) ?? 5
let now = try Instant.resolve(option: option("--now") ?? "2026-11-24T18:05:00+05:30", environment: [:])
let desk = URL(fileURLWithPath: arguments[1])
_ = FileManager.default.changeCurrentDirectoryPath(desk.path)
let configuration = try ConfigLoader.load(file: desk.appendingPathComponent("iddesk.toml"), environment: [:]).configuration
let drain = OutboxDrain(configuration: configuration, logger: Logger(label: "compose-bench"))
let registry = try SQLiteRegistry(url: configuration.desk.registry)
let reading = DispatchTime.now().uptimeNanoseconds
let letters = try registry.read { try $0.queuedLetters() }
let readSeconds = Double(DispatchTime.now().uptimeNanoseconds - reading) / 1e9
guard !letters.isEmpty else {
    FileHandle.standardError.write(Data("no queued letters in \(desk.path)\n".utf8))
    exit(1)
}
let renderer = try drain.makeRenderer()
var best = Double.infinity
var bytes = 0
for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    bytes = 0
    for letter in letters { bytes += drain.composeForSending(letter, renderer: renderer, now: now).count }
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}
print(String(format: "%d letters (read from the queue in %.1f ms), %d bytes; fastest of %d rounds: %.3f s, %.1f µs a letter, %.0f letters/s",
             letters.count, readSeconds * 1e3, bytes, rounds, best, best / Double(letters.count) * 1e6, Double(letters.count) / best))
