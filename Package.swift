// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 mode is the package default; these add the strictness we keep.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Leasehold",
    platforms: [.macOS(.v15)],
    products: [
        // What applications import: the core and the tuple layer, one `import Leasehold`.
        .library(name: "Leasehold", targets: ["Leasehold"]),
        // The core alone (leases, Bytes, engines, the Memory engine, the registry; the adapter
        // tier behind `@_spi(Adapter)`): what an adapter package depends on. No dependency.
        .library(name: "LeaseholdCore", targets: ["LeaseholdCore"]),
        // Tuple keys and Codable records (BigInt for integers past 64 bits).
        .library(name: "LeaseholdTuple", targets: ["LeaseholdTuple"]),
        // Opening a store from swift-configuration (flags, environment, JSON files).
        .library(name: "LeaseholdConfiguration", targets: ["LeaseholdConfiguration"]),
        // Async access for Swift concurrency and servers: transactions on the store's own threads
        // (swift-nio's NIOThreadPool), streamed scans, change feeds, observation, swift-metrics.
        .library(name: "LeaseholdAsync", targets: ["LeaseholdAsync"]),
        .library(name: "LeaseholdLMDB", targets: ["LeaseholdLMDB"]),
        .library(name: "LeaseholdLevelDB", targets: ["LeaseholdLevelDB"]),
        .library(name: "LeaseholdRocksDB", targets: ["LeaseholdRocksDB"]),
        .library(name: "LeaseholdConformance", targets: ["LeaseholdConformance"]),
        // For the Benchmarks package: the raw loops each engine is measured against.
        .library(name: "LeaseholdBenchmarkSupport", targets: ["LeaseholdBenchmarkSupport"]),
        // Empty unless the Etcd trait is enabled.
        .library(name: "LeaseholdEtcd", targets: ["LeaseholdEtcd"]),
        .library(name: "LeaseholdEtcdProtocol", targets: ["LeaseholdEtcdProtocol"]),
        .executable(name: "leasehold", targets: ["leasehold"]),
        .plugin(name: "leasehold-conformance", targets: ["LeaseholdConformancePlugin"]),
    ],
    traits: [
        .trait(
            name: "Etcd",
            description: "Builds LeaseholdEtcd, the etcd adapter, with grpc-swift-2 and its NIO transport."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
        // Built only with the Etcd trait.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
    ],
    targets: [
        // Core: leases, the sink registry, Bytes, the engine protocols and the adapter kit, the
        // Memory engine, the URL registry. Nothing outside the toolchain.
        .target(name: "LeaseholdCore", swiftSettings: strict),
        // The tuple layer: keys in the FoundationDB tuple format, Codable records.
        .target(name: "LeaseholdTuple", dependencies: ["LeaseholdCore", "BigInt"], swiftSettings: strict),
        // Reading a store and its options from swift-configuration.
        .target(
            name: "LeaseholdConfiguration",
            dependencies: ["LeaseholdCore", .product(name: "Configuration", package: "swift-configuration")],
            swiftSettings: strict),
        // The umbrella: `import Leasehold` brings the core and the tuple layer.
        .target(name: "Leasehold", dependencies: ["LeaseholdCore", "LeaseholdTuple"], swiftSettings: strict),

        // Async access: NIOThreadPool for the store's threads, CoreMetrics for its counters.
        .target(
            name: "LeaseholdAsync",
            dependencies: [
                "LeaseholdCore", "LeaseholdTuple",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),

        // LMDB over the Debian/Homebrew system library.
        .systemLibrary(
            name: "CLMDB", pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]),
        .target(name: "LeaseholdLMDB", dependencies: ["LeaseholdCore", "CLMDB"], swiftSettings: strict),

        // LevelDB over the Debian/Homebrew system library (no pkg-config file: linked by name).
        .systemLibrary(name: "CLevelDB", providers: [.apt(["libleveldb-dev"]), .brew(["leveldb"])]),
        .target(name: "LeaseholdLevelDB", dependencies: ["LeaseholdCore", "CLevelDB"], swiftSettings: strict),

        // RocksDB over the Debian/Homebrew system library.
        .systemLibrary(
            name: "CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"]), .brew(["rocksdb"])]),
        .target(name: "LeaseholdRocksDB", dependencies: ["LeaseholdCore", "CRocksDB"], swiftSettings: strict),

        // The child process of the crash tests, for every engine (commits numbered transactions
        // until killed; checks a store).
        .executableTarget(
            name: "crash-child", dependencies: ["Leasehold", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB"],
            swiftSettings: strict),

        // etcd, behind the Etcd trait: the generated protocol subset (regenerated by
        // Scripts/generate-etcd-protocol.sh) and the adapter. Without the trait both build empty.
        .target(
            name: "LeaseholdEtcdProtocol",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf", condition: .when(traits: ["Etcd"])),
                .product(name: "SwiftProtobuf", package: "swift-protobuf", condition: .when(traits: ["Etcd"])),
            ],
            exclude: ["Protos"]),
        .target(
            name: "LeaseholdEtcd",
            dependencies: [
                "LeaseholdCore",
                .target(name: "LeaseholdEtcdProtocol", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCCore", package: "grpc-swift-2", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport", condition: .when(traits: ["Etcd"])),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf", condition: .when(traits: ["Etcd"])),
                .product(name: "SwiftProtobuf", package: "swift-protobuf", condition: .when(traits: ["Etcd"])),
                .product(name: "NIOCore", package: "swift-nio", condition: .when(traits: ["Etcd"])),
                .product(name: "NIOPosix", package: "swift-nio", condition: .when(traits: ["Etcd"])),
            ],
            swiftSettings: strict),

        // The bare C-API loops (the floor) that `leasehold bench` and the Benchmarks package measure
        // each engine against; kept out of the shipping adapter targets.
        .target(
            name: "LeaseholdBenchmarkSupport",
            dependencies: [
                "LeaseholdCore", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB", "CLMDB", "CLevelDB", "CRocksDB",
            ],
            swiftSettings: strict),

        // The conformance suite, as a library any adapter's tests run.
        .target(name: "LeaseholdConformance", dependencies: ["LeaseholdCore"], swiftSettings: strict),

        // `swift package leasehold-conformance`, run from an adapter author's package.
        .plugin(
            name: "LeaseholdConformancePlugin",
            capability: .command(intent: .custom(
                verb: "leasehold-conformance",
                description: "Build this package's tests and run the Leasehold conformance suite they call; report every case."))),

        // The command-line tool.
        .executableTarget(
            name: "leasehold",
            dependencies: [
                "Leasehold", "LeaseholdCore", "LeaseholdConfiguration", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB", "LeaseholdEtcd",
                "LeaseholdConformance", "LeaseholdBenchmarkSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .testTarget(
            name: "LeaseholdTests",
            dependencies: [
                "Leasehold", "LeaseholdCore", "LeaseholdConformance", "LeaseholdConfiguration", "BigInt",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strict),
        // Runs the crash child and reads what it reports; shared by the engines' crash tests.
        .target(name: "CrashTestSupport", dependencies: ["LeaseholdCore"], path: "Tests/CrashTestSupport", swiftSettings: strict),
        // Soak, faults and crashes for every engine, each one parameterised test over a list.
        .testTarget(
            name: "LeaseholdReliabilityTests",
            dependencies: [
                "Leasehold", "LeaseholdCore", "LeaseholdConformance", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB",
                "CrashTestSupport", "crash-child",
            ],
            swiftSettings: strict),
        // The async API on every local engine (and etcd's with the trait: its tests live there).
        .testTarget(
            name: "LeaseholdAsyncTests",
            dependencies: [
                "Leasehold", "LeaseholdCore", "LeaseholdAsync", "LeaseholdConformance", "LeaseholdLMDB", "LeaseholdLevelDB",
                "LeaseholdRocksDB",
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdCLITests",
            dependencies: ["leasehold", "EtcdTestSupport"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdLMDBTests",
            dependencies: ["Leasehold", "LeaseholdCore", "LeaseholdLMDB", "LeaseholdConformance"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdLevelDBTests",
            dependencies: ["Leasehold", "LeaseholdCore", "LeaseholdLevelDB", "CLevelDB", "LeaseholdConformance", "CrashTestSupport", "crash-child"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdRocksDBTests",
            dependencies: ["Leasehold", "LeaseholdCore", "LeaseholdRocksDB", "CRocksDB", "LeaseholdConformance", "CrashTestSupport", "crash-child"],
            swiftSettings: strict),
        // Starts etcd clusters on loopback for the tests; empty without the Etcd trait.
        .target(name: "EtcdTestSupport", dependencies: ["LeaseholdCore", "LeaseholdEtcd"], path: "Tests/EtcdTestSupport", swiftSettings: strict),
        // Runs against a 3-member etcd cluster it starts on loopback; empty without the Etcd trait.
        .testTarget(
            name: "LeaseholdEtcdTests",
            dependencies: [
                "Leasehold", "LeaseholdCore", "LeaseholdAsync", "LeaseholdEtcd", "LeaseholdConformance", "EtcdTestSupport",
                .target(name: "LeaseholdEtcdProtocol", condition: .when(traits: ["Etcd"])),
            ],
            swiftSettings: strict),
    ]
)
