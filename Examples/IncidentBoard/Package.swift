// swift-tools-version: 6.1
import Foundation
import PackageDescription

// An application outside Lantern's package, using it the way any other package would: the
// codegen plugin turns `Sources/IncidentBoard/Schema/*.graphql` into Swift at build time.
// Your own package would write `.package(url: "https://github.com/…/lantern", from: "…")`;
// this example depends on the checkout it lives in. A path dependency's identity is its
// directory's name, which depends on where the repository was cloned, so it is read here.
let lantern = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "IncidentBoard",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .executableTarget(
            name: "IncidentBoard",
            dependencies: [
                .product(name: "LanternCodegenRuntime", package: lantern),
                .product(name: "LanternExecution", package: lantern),
                .product(name: "LanternHTTP", package: lantern),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Schema"],
            plugins: [.plugin(name: "LanternCodegen", package: lantern)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
