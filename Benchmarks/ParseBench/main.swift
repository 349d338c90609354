// parse-bench: reads every file in MAILDIR/new and does what the desk does with each mail
// before the request grammar: parse it, read Subject, From, the body the desk reads and the
// attachment list. With --grammar, also reads each mail's request (the request grammar,
// `RequestParser`, under the demo's addresses). Prints the count, the seconds and messages
// per second.
//
//   parse-bench MAILDIR [--repeat N] [--grammar]
import Domain
import Foundation
import Mail
import Requests

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: parse-bench MAILDIR [--repeat N] [--grammar]\n".utf8))
    exit(2)
}
let newDir = URL(fileURLWithPath: arguments[1]).appendingPathComponent("new")
var repeats = 1
if let i = arguments.firstIndex(of: "--repeat"), i + 1 < arguments.count, let n = Int(arguments[i + 1]) { repeats = n }

let grammar = arguments.contains("--grammar")
let context = ParseContext(idDomain: "nic.in", governmentDomains: GovernmentDomains(["gov.in", "nic.in"]),
                           deskAddress: EmailAddress("igot-desk@dopt.gov.in")!, otherDesks: [],
                           doptSPV: [EmailAddress("spv@dopt.gov.in")!], nic: [EmailAddress("nic-support@nic.in")!],
                           idsPerRequest: 50)
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
        if grammar {
            if case .command = RequestParser.parse(message, context: context).parsed { checksum &+= 1 }
        }
        count += 1
    }
}
let seconds = Date().timeIntervalSince(start)
print("messages=\(count) seconds=\(String(format: "%.3f", seconds)) rate=\(Int(Double(count) / seconds)) checksum=\(checksum)")
