// swift-tools-version: 6.0
import Foundation
import PackageDescription

// libFuzzer target for Lantern's parser. Build and run with scripts/fuzz (see docs/fuzzing.md).
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
    ],
    swiftLanguageModes: [.v6]
)
