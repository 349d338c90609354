// swift-tools-version: 6.0
// iddesk: the mail desk for iGOT Karmayogi generic role IDs. The modules follow DESIGN.md:
// a mail flows Mail -> Requests -> Desk -> Registry, and letters flow Letters -> SMTP.
import PackageDescription

let package = Package(
    name: "iddesk",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "iddesk", targets: ["iddesk"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        // libcurl, found with pkg-config; the -dev package is installed by scripts/ensure-packages.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Fixed-argument wrappers over curl_easy_setopt/getinfo: Swift cannot call C variadics.
        .target(name: "CurlShim", dependencies: ["CCurl"]),

        // A fixed-argument wrapper over sqlite3_config (variadic), for the registry's start.
        .target(name: "SQLiteShim", dependencies: [.product(name: "GRDBSQLite", package: "GRDB.swift")]),

        .target(name: "Mail"),
        .target(name: "Domain"),
        .target(name: "Requests", dependencies: ["Mail", "Domain"]),
        .target(name: "Registry", dependencies: [
            "Domain",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's C interface, for the hot writes (RegistryTransaction+Direct.swift).
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
            "SQLiteShim",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Letters", dependencies: [
            "Mail", "Domain",
            .product(name: "Mustache", package: "swift-mustache"),
        ], resources: [.copy("Templates")]),
        .target(name: "SMTP", dependencies: ["CCurl", "CurlShim", "Mail"]),
        .target(name: "Desk", dependencies: [
            "Mail", "Domain", "Requests", "Registry", "Letters", "SMTP",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        .executableTarget(name: "iddesk", dependencies: [
            "Desk", "Mail", "Domain", "Registry", "Letters",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),

        // Benchmarks/parse: parses a maildir the way the desk reads mail (see Benchmarks/README.md).
        .executableTarget(name: "parse-bench", dependencies: ["Mail", "Domain", "Requests"], path: "Benchmarks/ParseBench"),
        // Benchmarks/compose.sh: composes queued letters as the send pass does (see Benchmarks/README.md).
        .executableTarget(name: "compose-bench", dependencies: [
            "Desk", "Registry", .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/ComposeBench"),

        .testTarget(name: "MailTests", dependencies: ["Mail", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain"]),
        // Fixtures/ holds the grammar's table of mails, read from disk by the tests.
        .testTarget(name: "RequestsTests", dependencies: ["Requests", "Mail", "Domain", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "Domain"]),
        .testTarget(name: "LettersTests", dependencies: ["Letters", "Mail", "Domain", "Requests"], exclude: ["Golden"]),
        // What several test targets share: the loopback SMTP server and genuine-looking test mail.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["smtp_server.py", "hostile_smtp.py"]),
        .testTarget(name: "SMTPTests", dependencies: ["SMTP", "CCurl", "CurlShim", "TestSupport"]),
        // Fixtures/ holds real mail files for the sender check, read from disk by the tests.
        .testTarget(name: "DeskTests", dependencies: ["Desk", "Registry", "Mail", "Domain", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "EndToEndTests", dependencies: ["iddesk", "TestSupport"]),
    ]
)
