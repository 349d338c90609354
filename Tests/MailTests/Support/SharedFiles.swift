import Foundation

/// Paths to the project's files and to the shared corpus beside the clone (`../shared`).
enum SharedFiles {
    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/corpus/peers`, or IDDESK_PEER_CORPUS.
    static let peerCorpus: URL = {
        if let path = ProcessInfo.processInfo.environment["IDDESK_PEER_CORPUS"] { return URL(fileURLWithPath: path) }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/corpus/peers")
    }()

    /// True when the peer corpus is beside the clone (always in CI; a clone on its own lacks it).
    static let corpusAvailable: Bool = FileManager.default.fileExists(atPath: peerCorpus.appendingPathComponent("MANIFEST.tsv").path)

    /// The bytes of `url`.
    static func bytes(_ url: URL) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: url))
    }
}
