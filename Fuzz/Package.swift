// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer targets for Lantern's parser (ParserFuzz) and for validation, operation limits, cost
// analysis and execution against the incident service's schema (OperationFuzz). Build and run with scripts/fuzz (see docs/fuzzing.md).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "LanternFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "ParserFuzz",
            dependencies: [
                .product(name: "LanternLanguage", package: root),
                .product(name: "LanternSchema", package: root),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
        .executableTarget(
            name: "OperationFuzz",
            dependencies: [
                .product(name: "LanternLanguage", package: root),
                .product(name: "LanternSchema", package: root),
                .product(name: "LanternValidation", package: root),
                .product(name: "LanternExecution", package: root),
            ],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
