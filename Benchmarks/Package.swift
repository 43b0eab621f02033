// swift-tools-version: 6.1
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which depends on where the
// repository was cloned; read it instead of assuming it.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "LanternBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", exact: "4.3.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "Workload",
            dependencies: [
                .product(name: "LanternExecution", package: root),
                .product(name: "GraphQL", package: "GraphQL"),
            ]
        ),
        .executableTarget(name: "lantern-bench", dependencies: ["Workload"]),
        .executableTarget(
            name: "Allocations",
            dependencies: ["Workload", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Allocations",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
