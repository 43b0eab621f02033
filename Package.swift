// swift-tools-version: 6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Lantern",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "LanternLanguage", targets: ["LanternLanguage"]),
        .library(name: "LanternSchema", targets: ["LanternSchema"]),
        .library(name: "LanternValidation", targets: ["LanternValidation"]),
        .library(name: "LanternExecution", targets: ["LanternExecution"]),
        .library(name: "LanternHTTP", targets: ["LanternHTTP"]),
        .library(name: "LanternCodegenRuntime", targets: ["LanternCodegenRuntime"]),
        .plugin(name: "LanternCodegen", targets: ["LanternCodegen"]),
        .executable(name: "lantern", targets: ["lantern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
    ],
    targets: [
        .target(name: "LanternLanguage", swiftSettings: strict),
        .target(name: "LanternSchema", dependencies: ["LanternLanguage"], swiftSettings: strict),
        .target(name: "LanternValidation", dependencies: ["LanternSchema"], swiftSettings: strict),
        .target(name: "LanternExecution", dependencies: ["LanternValidation"], swiftSettings: strict),
        .target(
            name: "LanternHTTP",
            dependencies: [
                "LanternExecution",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedExplorer"]
        ),
        .target(
            name: "LanternDomain",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LanternStore",
            dependencies: [
                "LanternDomain",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedMigrations"]
        ),
        .target(name: "LanternCodegenCore", dependencies: ["LanternSchema", "LanternValidation",
                                                           .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .executableTarget(name: "lantern-codegen", dependencies: ["LanternCodegenCore"], swiftSettings: strict),
        .target(name: "LanternCodegenRuntime", dependencies: ["LanternExecution"], swiftSettings: strict),
        .plugin(name: "LanternCodegen", capability: .buildTool(), dependencies: ["lantern-codegen"]),
        .executableTarget(name: "lantern-embed", dependencies: ["LanternCodegenCore"], swiftSettings: strict),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["lantern-embed"]),
        .plugin(name: "EmbedExplorer", capability: .buildTool(), dependencies: ["lantern-embed"]),
        .target(
            name: "LanternService",
            dependencies: ["LanternDomain", "LanternStore", "LanternExecution", "LanternHTTP", "LanternCodegenRuntime",
                           .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "HTTPTypes", package: "swift-http-types"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                           .product(name: "Tracing", package: "swift-distributed-tracing"),
                           .product(name: "Instrumentation", package: "swift-distributed-tracing")],
            swiftSettings: strict,
            plugins: ["LanternCodegen"]
        ),
        // A schema-first target built through the real plugin (Tests/CodegenFixture/Schema).
        .target(
            name: "CodegenFixture",
            dependencies: ["LanternCodegenRuntime", "LanternExecution"],
            path: "Tests/CodegenFixture",
            exclude: ["Schema", "Operations"],
            swiftSettings: strict,
            plugins: ["LanternCodegen"]
        ),
        .executableTarget(
            name: "lantern",
            dependencies: [
                "LanternExecution",
                "LanternHTTP",
                "LanternDomain",
                "LanternService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LanternLanguageTests", dependencies: ["LanternLanguage"], swiftSettings: strict),
        .testTarget(name: "LanternSchemaTests", dependencies: ["LanternSchema"], swiftSettings: strict),
        .testTarget(name: "LanternValidationTests", dependencies: ["LanternValidation"], swiftSettings: strict),
        .testTarget(name: "LanternExecutionTests", dependencies: ["LanternExecution"], swiftSettings: strict),
        .testTarget(name: "LanternCLITests", dependencies: ["lantern"], swiftSettings: strict),
        .testTarget(name: "LanternCodegenTests", dependencies: ["LanternCodegenCore"], exclude: ["Golden"], swiftSettings: strict),
        .testTarget(name: "CodegenConsumerTests", dependencies: ["CodegenFixture", "LanternCodegenRuntime", "LanternHTTP"], swiftSettings: strict),
        .testTarget(name: "LanternStoreTests", dependencies: ["LanternStore", "LanternDomain"], swiftSettings: strict),
        .testTarget(
            name: "LanternServiceTests",
            dependencies: [
                "LanternService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LanternHTTPTests",
            dependencies: [
                "LanternHTTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSTesting", package: "hummingbird-websocket"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
