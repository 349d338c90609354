import CCurl
import CurlShim

/// Facts about the libcurl this process is linked against: the desk sends its letters
/// through it (`workflow.md` §8), so it must speak SMTP, and SMTPS/STARTTLS for a relay
/// that requires TLS.
public struct CurlLibrary: Sendable, Equatable {
    /// libcurl's version, for example `7.88.1`.
    public let version: String
    /// The URL schemes it was built with, lower-case (`smtp`, `smtps`, `http`, …).
    public let protocols: [String]
    /// The TLS library it uses (`OpenSSL/3.0.15`), or nil when built without TLS.
    public let tlsVersion: String?

    /// Reads the facts from `curl_version_info` (static data owned by libcurl).
    public static func current() -> CurlLibrary {
        CurlGlobal.ensureInitialised()
        guard let info = iddesk_curl_version_info() else {
            return CurlLibrary(version: "unknown", protocols: [], tlsVersion: nil)
        }
        let data = info.pointee
        var protocols: [String] = []
        if var cursor = data.protocols {
            while let name = cursor.pointee {
                protocols.append(String(cString: name).lowercased())
                cursor = cursor.advanced(by: 1)
            }
        }
        return CurlLibrary(
            version: String(cString: data.version),
            protocols: protocols,
            tlsVersion: data.ssl_version.map { String(cString: $0) }
        )
    }

    /// True when libcurl can send mail both in clear text (with STARTTLS) and over implicit TLS.
    public var supportsSMTP: Bool { protocols.contains("smtp") && protocols.contains("smtps") }
}

/// `curl_global_init` must run once per process before any other libcurl call, and is not
/// thread-safe itself; a Swift global's lazy initialiser runs exactly once, atomically.
enum CurlGlobal {
    private static let initialised: Bool = {
        iddesk_curl_global_init() == CURLE_OK
    }()

    /// Runs `curl_global_init` the first time it is called; later calls do nothing.
    @discardableResult
    static func ensureInitialised() -> Bool { initialised }
}
