// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "newsdrop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsdrop", targets: ["newsdrop"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.0"),
    ],
    targets: [
        // Linux system calls that Glibc's Swift overlay does not expose (syncfs needs _GNU_SOURCE).
        .target(name: "CLinux"),

        // File operations crash safety rests on (exclusive create, link without clobbering, fsync,
        // syncfs, folder listings), each failing with the operation, the path and the errno.
        .target(
            name: "DurableFiles",
            dependencies: ["CLinux", .product(name: "SystemPackage", package: "swift-system")]
        ),

        // The domain: bytes in → decoded, canonical, identified and parsed article out. No I/O.
        .target(
            name: "Articles",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),

        // The content-addressed JSON-file store: records, sightings, rejections, verify and repair.
        .target(
            name: "ArticleStore",
            dependencies: [
                "Articles",
                "DurableFiles",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // newsdrop as a library: configuration and the ingest pipeline shared by CLI and daemon.
        .target(
            name: "NewsDrop",
            dependencies: [
                "Articles",
                "ArticleStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The `newsdrop` command: argument parsing and output formatting only.
        .executableTarget(
            name: "newsdrop",
            dependencies: [
                "NewsDrop",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Helpers the test targets share: temp folders, fixtures, waiting with a deadline.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ArticlesTests", dependencies: ["Articles", "TestSupport"]),
        .testTarget(name: "ArticleStoreTests", dependencies: ["ArticleStore", "TestSupport"]),
        .testTarget(name: "NewsDropTests", dependencies: ["NewsDrop", "TestSupport"]),
        // Runs the built `newsdrop` binary the way a user would.
        .testTarget(name: "EndToEndTests", dependencies: ["newsdrop", "ArticleStore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
