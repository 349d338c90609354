import ArgumentParser
import Desk
import Foundation
import Registry

/// `iddesk audit verify [--head HASH]` and `iddesk audit head` (`cli.md`, `workflow.md` §7).
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit chain, or print its head.",
        subcommands: [Verify.self, Head.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every entry of the audit chain (and that it still reaches an earlier head); exit 1 at the first bad entry.")

        @Option(help: ArgumentHelp("A head hash taken earlier (audit head, the daily summary).", valueName: "hash"))
        var head: String?

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.makeLogger()
            _ = try global.resolvedNow()
            let config = try global.loadConfiguration(logger: logger)
            let registry = try SQLiteRegistry.existing(url: config.desk.registry)
            if let head, head.count != 64 || !head.allSatisfy(\.isHexDigit) {
                throw ValidationError("--head: \"\(head)\" is not a head hash: 64 hexadecimal characters, as iddesk audit head prints")
            }
            switch try registry.verifyAudit(head: head?.lowercased()) {
            case .intact(let count, let hash):
                print("intact: \(count) entr\(count == 1 ? "y" : "ies"), head \(hash)")
            case .broken(let seq, let reason):
                print("broken at entry \(seq): \(reason)")
                throw ExitCode.failure
            }
        }
    }

    struct Head: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the head hash and the number of entries.")

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let logger = global.makeLogger()
            _ = try global.resolvedNow()
            let config = try global.loadConfiguration(logger: logger)
            let registry = try SQLiteRegistry.existing(url: config.desk.registry)
            let head = try registry.read { try $0.auditHead() }
            print("\(head.hash) \(head.count)")
        }
    }
}
