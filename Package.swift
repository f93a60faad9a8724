// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Agenda",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "agenda", targets: ["AgendaCLI"]),
        .library(name: "ICalendar", targets: ["ICalendar"]),
        .library(name: "AgendaCore", targets: ["AgendaCore"]),
        .library(name: "AgendaStore", targets: ["AgendaStore"]),
        .library(name: "AgendaKit", targets: ["AgendaKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
    ],
    targets: [
        // RFC 5545 and nothing else. Foundation only.
        .target(name: "ICalendar"),
        // The domain as value types, and its mapping onto ICalendar.
        .target(name: "AgendaCore", dependencies: ["ICalendar"]),
        // Turns Schema/*.sql and seeds/*.json into Swift source, so a copied binary carries them.
        .executableTarget(name: "EmbedGen"),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["EmbedGen"]),
        // GRDB persistence: migrations, named operations, focused reads.
        .target(
            name: "AgendaStore",
            dependencies: ["AgendaCore", .product(name: "GRDB", package: "GRDB.swift")],
            plugins: ["EmbedResources"]
        ),
        // The application layer shared by every front end: feeds and their catalogue, audiences, publishing,
        // safe output files.
        .target(name: "AgendaKit", dependencies: ["AgendaCore", "AgendaStore", "ICalendar"]),
        .executableTarget(
            name: "AgendaCLI",
            dependencies: [
                "AgendaCore", "AgendaStore", "AgendaKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ICalendarTests", dependencies: ["ICalendar"]),
        .testTarget(name: "AgendaCoreTests", dependencies: ["AgendaCore"]),
        .testTarget(name: "AgendaStoreTests", dependencies: ["AgendaStore", "AgendaCore"]),
        .testTarget(name: "AgendaKitTests", dependencies: ["AgendaKit", "AgendaStore", "AgendaCore"]),
        .testTarget(name: "AgendaCLITests", dependencies: ["AgendaCore"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
