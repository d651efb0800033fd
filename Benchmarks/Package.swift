// swift-tools-version: 6.1
import PackageDescription

// A package of its own, so the library package stays light: `cd Benchmarks && swift package benchmark`.
let package = Package(
    name: "LeaseholdBenchmarks",
    platforms: [.macOS(.v15)],
    traits: [
        .trait(name: "Etcd", description: "Builds EtcdBenchmarks (the Leasehold package's Etcd trait, and gRPC)."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(name: "Leasehold", path: "..", traits: [.trait(name: "Etcd", condition: .when(traits: ["Etcd"]))]),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        // PeerComparison only: SQLite through GRDB (the system libsqlite3), beside Leasehold.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // The scan passes both LMDB executables time.
        .target(
            name: "ScanPasses",
            dependencies: [.product(name: "Leasehold", package: "Leasehold")],
            path: "Benchmarks/ScanPasses"),
        .executableTarget(
            name: "LMDBBenchmarks",
            dependencies: [
                "ScanPasses", "ScanStyles",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
            ],
            path: "Benchmarks/LMDBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
        // The Leasehold side of the scan and get styles, generic over the engine.
        .target(
            name: "ScanStyles",
            dependencies: [
                "ScanPasses",
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
            ],
            path: "Benchmarks/ScanStyles"),
        .executableTarget(
            name: "LevelDBBenchmarks",
            dependencies: [
                "ScanStyles",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLevelDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
            ],
            path: "Benchmarks/LevelDBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
        // Async read of one record vs the synchronous call (AsyncStore's overhead per call): a
        // plain timing loop, `swift run -c release AsyncOverhead`.
        .executableTarget(
            name: "AsyncOverhead",
            dependencies: [
                .product(name: "LeaseholdAsync", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
            ],
            path: "Benchmarks/AsyncOverhead"),
        // Runs one scan style once, for `instructions.sh` (callgrind): no benchmark harness.
        .executableTarget(
            name: "LMDBInstructions",
            dependencies: [
                "ScanPasses",
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
            ],
            path: "Benchmarks/LMDBInstructions"),
        // The same for LevelDB and RocksDB (pinData off and on).
        .executableTarget(
            name: "EngineInstructions",
            dependencies: [
                "ScanPasses",
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLevelDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
            ],
            path: "Benchmarks/EngineInstructions"),
        // Writes against the raw C loops, `txn.get` against `withValue`, `AnyEngine` against the
        // concrete engine: one style once, for callgrind, or `ratios` (`write-instructions.sh`).
        .executableTarget(
            name: "WriteInstructions",
            dependencies: [
                "ScanPasses",
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdLevelDB", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
            ],
            path: "Benchmarks/WriteInstructions"),
        // Runs one tuple operation N times, for `tuple-instructions.sh` (callgrind): no harness.
        .executableTarget(
            name: "TupleInstructions",
            dependencies: [.product(name: "Leasehold", package: "Leasehold")],
            path: "Benchmarks/TupleInstructions"),
        .executableTarget(
            name: "RocksDBBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
                "ScanStyles",
            ],
            path: "Benchmarks/RocksDBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
        .executableTarget(
            name: "TupleBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdBenchmarkSupport", package: "Leasehold"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            path: "Benchmarks/TupleBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
        // `swift package --traits Etcd benchmark --target EtcdBenchmarks`; empty without the trait.
        .executableTarget(
            name: "EtcdBenchmarks",
            dependencies: [
                "ScanStyles",
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdEtcd", package: "Leasehold"),
                .product(name: "LeaseholdEtcdProtocol", package: "Leasehold", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCCore", package: "grpc-swift-2", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf", condition: .when(traits: ["Etcd"])),
            ],
            path: "Benchmarks/EtcdBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]),
        // Leasehold on LMDB and RocksDB beside GRDB.swift (SQLite), the same workloads in one run,
        // rounds interleaved: `swift run -c release --scratch-path ../.build-bench PeerComparison`.
        .executableTarget(
            name: "PeerComparison",
            dependencies: [
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Benchmarks/PeerComparison"),
        // A streamed scan of 1M records vs the synchronous closure scan on LMDB (records/s both
        // ways, several batch sizes): a plain timing loop, `swift run -c release StreamScan`.
        .executableTarget(
            name: "StreamScan",
            dependencies: [
                .product(name: "LeaseholdAsync", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
            ],
            path: "Benchmarks/StreamScan"),
    ]
)
