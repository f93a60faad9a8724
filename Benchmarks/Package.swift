// swift-tools-version:6.1
import Foundation
import PackageDescription

// The agenda package is the folder above; its identity is that folder's name, whatever the clone is called.
let agendaPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "AgendaBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "FeedBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "AgendaCore", package: agendaPackage),
                .product(name: "AgendaStore", package: agendaPackage),
                .product(name: "AgendaKit", package: agendaPackage),
                .product(name: "ICalendar", package: agendaPackage),
            ],
            path: "Benchmarks/FeedBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Parsing alone, timed on any .ics file (compare-peers.sh: the peers' agenda.ics beside libical's parse).
        .executableTarget(
            name: "read-ics",
            dependencies: [.product(name: "ICalendar", package: agendaPackage)],
            path: "Tools/ReadICS"
        ),
    ]
)
