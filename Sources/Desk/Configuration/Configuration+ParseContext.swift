import Foundation
import Domain
import Requests

extension Configuration {
    /// What the request grammar needs from this configuration.
    public var parseContext: ParseContext {
        ParseContext(idDomain: people.idDomain, governmentDomains: people.governmentDomains,
                     deskAddress: desk.address, otherDesks: people.otherDesks,
                     doptSPV: people.doptSPV, nic: people.nic, idsPerRequest: idsPerRequest)
    }

    /// The defaults of `config.md`, for commands that run without a configuration file.
    public static func defaults(baseDirectory: URL) -> Configuration {
        // The default file always loads; a failure here is a bug in ConfigSchema.
        try! ConfigLoader.load(text: "", file: baseDirectory.appendingPathComponent("iddesk.toml"), environment: [:]).configuration
    }
}
