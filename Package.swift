// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "newsdrop",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "newsdrop", targets: ["newsdrop"]),
        // Libraries for the separate benchmark package in Benchmarks/ (it depends on this one by path).
        .library(name: "Articles", targets: ["Articles"]),
        .library(name: "ArticleStore", targets: ["ArticleStore"]),
        .library(name: "NearDuplicates", targets: ["NearDuplicates"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // Linux calls Glibc's Swift overlay does not expose: syncfs, renameat2 (need _GNU_SOURCE), statfs.
        .target(name: "CLinux"),

        // libsystemd's headers, linked through pkg-config; only the Systemd module imports it.
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),

        // systemd integration: notify states and the notifier thread, the watchdog interval, the
        // journald LogHandler with its writer thread and field-name rules (both send on sockets of
        // their own and never block the caller), and whether stderr is the journal.
        .target(
            name: "Systemd",
            dependencies: [
                "CSystemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The one edge to the operating system (the only importer of CLinux): the file operations
        // crash safety rests on (exclusive create, link without clobbering, unnamed files, fsync,
        // syncfs, folder listings, statfs, flock), each failing with the operation, the path and
        // the errno; and the process-wide calls others need (malloc tuning, a low-priority thread,
        // memmem), as typed Swift API.
        .target(
            name: "DurableFiles",
            dependencies: ["CLinux", .product(name: "SystemPackage", package: "swift-system")]
        ),

        // The domain: bytes in → decoded, canonical, identified and parsed article out. No I/O.
        .target(
            name: "Articles",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),

        // Near-duplicate detection, pure: word shingles minus boilerplate, MinHash LSH band keys, Jaccard.
        .target(name: "NearDuplicates", dependencies: ["Articles"]),

        // The labelled near-duplicate evaluation over the BBC corpus, and the heavy-edit comparison
        // with datasketch through a real store (run by Scripts/eval-near-dup).
        .executableTarget(
            name: "neardup-eval",
            dependencies: [
                "Articles", "ArticleStore", "NearDuplicates", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The on-disk LSH index of a store: an append-only log, sorted segments, a manifest; bounded memory.
        .target(
            name: "NearDuplicateIndex",
            dependencies: [
                "Articles", "DurableFiles", "NearDuplicates", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The content-addressed JSON-file store: the store protocol, its file implementation and
        // in-memory twin (Store/), the commit decision and transaction (Commit/), the on-disk formats
        // (Format/, as docs/store-format.md), near-duplicate matching and clusters (NearDuplicates/),
        // the start-up survey and verify/repair (Maintenance/).
        .target(
            name: "ArticleStore",
            dependencies: [
                "Articles",
                "DurableFiles",
                "NearDuplicates",
                "NearDuplicateIndex",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The vocabulary of newsdrop's journal: one typed event per kind of entry, each with its
        // MESSAGE_ID (catalog: deploy/newsdrop.catalog), and the metadata helper that writes it.
        .target(name: "Events", dependencies: [.product(name: "Logging", package: "swift-log")]),

        // The inbox: inotify and Dispatch sources or polling → ready names; settling, claiming into
        // a work folder, and moving inputs aside once their outcome is durable.
        .target(
            name: "Inbox",
            dependencies: [
                "Articles",
                "DurableFiles",
                "Events",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // newsdrop as a library: the configuration (Configuration/), the ingest pipeline shared by
        // CLI and daemon (Pipeline/), the daemon service and its status (Daemon/), logging to the
        // console or the journal (Logging/), the daemon's Prometheus metrics (Metrics/), and the
        // changes-feed consumer behind `newsdrop changes` (Consumer/).
        .target(
            name: "NewsDrop",
            dependencies: [
                "Articles",
                "ArticleStore",
                "DurableFiles",
                "Events",
                "Inbox",
                "Systemd",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // The `newsdrop` command: argument parsing and output formatting only.
        .executableTarget(
            name: "newsdrop",
            dependencies: [
                "Articles",
                "ArticleStore",
                "DurableFiles",
                "Events",
                "NewsDrop",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // Helpers the test targets share: temp folders, fixtures, waiting with a deadline.
        .target(
            name: "TestSupport",
            dependencies: [.product(name: "SystemPackage", package: "swift-system")],
            path: "Tests/TestSupport"
        ),
        // The file operations crash safety rests on, on real files.
        .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles", "TestSupport", .product(name: "SystemPackage", package: "swift-system")]),
        .testTarget(name: "ArticlesTests", dependencies: ["Articles", "TestSupport"]),
        // Unit tests of near-duplicate fingerprints, similarity and the boilerplate filter.
        .testTarget(name: "NearDuplicatesTests", dependencies: ["NearDuplicates", "Articles", "TestSupport"]),
        .testTarget(name: "ArticleStoreTests", dependencies: ["ArticleStore", "NearDuplicateIndex", "NearDuplicates", "TestSupport"]),
        .testTarget(name: "NearDuplicateIndexTests", dependencies: ["Articles", "NearDuplicateIndex", "NearDuplicates", "TestSupport"]),
        .testTarget(
            name: "InboxTests",
            dependencies: ["Articles", "Inbox", "TestSupport", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "SystemdTests", dependencies: ["Systemd", "TestSupport"]),
        .testTarget(
            name: "NewsDropTests",
            dependencies: ["NewsDrop", "Events", "ArticleStore", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // Runs the built `newsdrop` binary the way a user would.
        .testTarget(name: "EndToEndTests", dependencies: ["newsdrop", "ArticleStore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
