// swift-tools-version: 6.1
// Micro benchmarks of newsdrop's hot paths, run with `swift package benchmark` (ordo-one/benchmark).
// A package of its own, so the main package's build and CI never compile the benchmark tool.
import PackageDescription

let package = Package(
    name: "newsdrop-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "newsdrop", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.0"),
    ],
    targets: [
        // Decoding, canonicalising and hashing an article; parsing; near-duplicate signatures.
        .executableTarget(
            name: "ArticleBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Articles", package: "newsdrop"),
                .product(name: "NearDuplicates", package: "newsdrop"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/ArticleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // The store's write path: open a fresh store, commit 1 and 256 submissions (group commit).
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                "BenchmarkCorpus",
                .product(name: "Articles", package: "newsdrop"),
                .product(name: "ArticleStore", package: "newsdrop"),
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),

        // The real articles every benchmark reads: ../shared/corpus/bbc-dev or $NEWSDROP_CORPUS.
        .target(
            name: "BenchmarkCorpus",
            dependencies: [.product(name: "Articles", package: "newsdrop")],
            path: "Sources/BenchmarkCorpus"
        ),
    ],
    swiftLanguageModes: [.v6]
)
