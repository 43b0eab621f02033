// swift-tools-version: 6.0
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
        .executable(name: "lantern", targets: ["lantern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "LanternLanguage", swiftSettings: strict),
        .target(name: "LanternSchema", dependencies: ["LanternLanguage"], swiftSettings: strict),
        .target(name: "LanternValidation", dependencies: ["LanternSchema"], swiftSettings: strict),
        .target(name: "LanternExecution", dependencies: ["LanternValidation"], swiftSettings: strict),
        .executableTarget(
            name: "lantern",
            dependencies: [
                "LanternExecution",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "LanternLanguageTests", dependencies: ["LanternLanguage"], swiftSettings: strict),
        .testTarget(name: "LanternSchemaTests", dependencies: ["LanternSchema"], swiftSettings: strict),
        .testTarget(name: "LanternValidationTests", dependencies: ["LanternValidation"], swiftSettings: strict),
        .testTarget(name: "LanternExecutionTests", dependencies: ["LanternExecution"], swiftSettings: strict),
        .testTarget(name: "LanternCLITests", dependencies: ["lantern"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
