// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares: existential types spelled `any P`, so a protocol used as a type is visible.
let settings: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "Agenda",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "agenda", targets: ["AgendaCLI"]),
        .library(name: "ICalendar", targets: ["ICalendar"]),
        .library(name: "AgendaCore", targets: ["AgendaCore"]),
        .library(name: "AgendaStore", targets: ["AgendaStore"]),
        .library(name: "AgendaKit", targets: ["AgendaKit"]),
        .library(name: "AgendaServer", targets: ["AgendaServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
    ],
    targets: [
        // RFC 5545 and nothing else. Foundation only.
        .target(name: "ICalendar", swiftSettings: settings),
        // The domain as value types, and its mapping onto ICalendar.
        .target(name: "AgendaCore", dependencies: ["ICalendar"], swiftSettings: settings),
        // Turns Schema/*.sql and seeds/*.json into Swift source, so a copied binary carries them.
        .executableTarget(name: "EmbedGen", swiftSettings: settings),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedGen"]),
        // A column's bytes read in place, for scans that look at thousands of stored blobs (the series' starts).
        .target(name: "CAgendaSQLite", linkerSettings: [.linkedLibrary("sqlite3")]),
        // GRDB persistence: migrations, named operations, focused reads.
        .target(
            name: "AgendaStore",
            dependencies: ["AgendaCore", "ICalendar", "CAgendaSQLite", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: settings,
            plugins: ["EmbedResources"]
        ),
        // The application layer shared by every front end: feeds and their catalogue, audiences, publishing,
        // safe output files.
        .target(
            name: "AgendaKit",
            dependencies: ["AgendaCore", "AgendaStore", "ICalendar", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: settings
        ),
        // Sets Swift concurrency's global-enqueue hook from C (works with the runtime linked statically or not).
        .target(name: "CAgendaExecutorHook"),
        // `agenda serve`: live feeds (public, and internal behind secret links) and the web agenda, over Hummingbird.
        .target(
            name: "AgendaServer",
            dependencies: [
                "AgendaCore", "AgendaStore", "AgendaKit", "CAgendaExecutorHook",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: settings
        ),
        .executableTarget(
            name: "AgendaCLI",
            dependencies: [
                "AgendaCore", "AgendaStore", "AgendaKit", "AgendaServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: settings,
        ),
        // The tests' scratch folder, removed when the test process exits, and seeded texts for byte scans.
        .target(name: "TestScratch", path: "Tests/TestScratch", swiftSettings: settings),
        .testTarget(name: "ICalendarTests", dependencies: ["ICalendar", "TestScratch"], swiftSettings: settings),
        .testTarget(name: "AgendaCoreTests", dependencies: ["AgendaCore", "TestScratch"], swiftSettings: settings),
        .testTarget(name: "AgendaStoreTests", dependencies: ["AgendaStore", "AgendaCore", "ICalendar", "TestScratch"], swiftSettings: settings),
        .testTarget(name: "AgendaKitTests", dependencies: ["AgendaKit", "AgendaStore", "AgendaCore", "TestScratch"], swiftSettings: settings),
        .testTarget(
            name: "AgendaServerTests",
            dependencies: [
                "AgendaServer", "AgendaKit", "AgendaStore", "AgendaCore", "TestScratch",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: settings
        ),
        .testTarget(name: "AgendaCLITests", dependencies: ["AgendaCore", "AgendaCLI", "TestScratch"], exclude: ["Golden"], swiftSettings: settings),
    ],
    swiftLanguageModes: [.v6]
)
