// parse-bench: reads every file in MAILDIR/new and does what the desk does with each mail
// before the request grammar: parse it, read Subject, From, the body the desk reads and the
// attachment list. Prints the count, the seconds and messages per second.
//
//   parse-bench MAILDIR [--repeat N]
import Foundation
import Mail

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: parse-bench MAILDIR [--repeat N]\n".utf8))
    exit(2)
}
let newDir = URL(fileURLWithPath: arguments[1]).appendingPathComponent("new")
var repeats = 1
if let i = arguments.firstIndex(of: "--repeat"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) { repeats = n }

let names = try FileManager.default.contentsOfDirectory(atPath: newDir.path).filter { !$0.hasPrefix(".") }.sorted()
var checksum = 0
var count = 0
let start = Date()
for _ in 0..<repeats {
    for name in names {
        guard let data = FileManager.default.contents(atPath: newDir.appendingPathComponent(name).path) else { continue }
        let message = Message(data: data)
        checksum &+= message.subject?.utf8.count ?? 0
        checksum &+= message.from.first?.address.utf8.count ?? 0
        checksum &+= message.text.utf8.count
        for attachment in message.attachments {
            checksum &+= (attachment.filename?.utf8.count ?? 0) &+ attachment.size
        }
        count += 1
    }
}
let seconds = Date().timeIntervalSince(start)
print("messages=\(count) seconds=\(String(format: "%.3f", seconds)) rate=\(Int(Double(count) / seconds)) checksum=\(checksum)")
