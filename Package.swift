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
        .library(name: "Leasehold", targets: ["Leasehold"]),
        .library(name: "LeaseholdLMDB", targets: ["LeaseholdLMDB"]),
        .library(name: "LeaseholdLevelDB", targets: ["LeaseholdLevelDB"]),
        .library(name: "LeaseholdRocksDB", targets: ["LeaseholdRocksDB"]),
        .library(name: "LeaseholdConformance", targets: ["LeaseholdConformance"]),
        .executable(name: "leasehold", targets: ["leasehold"]),
        .plugin(name: "leasehold-conformance", targets: ["LeaseholdConformancePlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        // Core: leases, the sink registry, Bytes, tuple keys, engine protocols, the Memory engine.
        .target(
            name: "Leasehold",
            dependencies: [.product(name: "Configuration", package: "swift-configuration"), "BigInt"],
            swiftSettings: strict),

        // LMDB over the Debian/Homebrew system library.
        .systemLibrary(
            name: "CLMDB", pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"]), .brew(["lmdb"])]),
        .target(name: "LeaseholdLMDB", dependencies: ["Leasehold", "CLMDB"], swiftSettings: strict),

        // LevelDB over the Debian/Homebrew system library (no pkg-config file: linked by name).
        .systemLibrary(name: "CLevelDB", providers: [.apt(["libleveldb-dev"]), .brew(["leveldb"])]),
        .target(name: "LeaseholdLevelDB", dependencies: ["Leasehold", "CLevelDB"], swiftSettings: strict),

        // RocksDB over the Debian/Homebrew system library.
        .systemLibrary(
            name: "CRocksDB", pkgConfig: "rocksdb",
            providers: [.apt(["librocksdb-dev"]), .brew(["rocksdb"])]),
        .target(name: "LeaseholdRocksDB", dependencies: ["Leasehold", "CRocksDB"], swiftSettings: strict),

        // The child process of the crash tests, for every engine (commits numbered transactions
        // until killed; checks a store).
        .executableTarget(
            name: "crash-child", dependencies: ["Leasehold", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB"],
            swiftSettings: strict),

        // The conformance suite, as a library any adapter's tests run.
        .target(name: "LeaseholdConformance", dependencies: ["Leasehold"], swiftSettings: strict),

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
                "Leasehold", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB", "LeaseholdConformance",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),

        .testTarget(
            name: "LeaseholdTests",
            dependencies: [
                "Leasehold", "LeaseholdConformance", "BigInt",
                .product(name: "Configuration", package: "swift-configuration"),
            ],
            resources: [.copy("Vectors")],
            swiftSettings: strict),
        // Runs the crash child and reads what it reports; shared by the engines' crash tests.
        .target(name: "CrashTestSupport", dependencies: ["Leasehold"], path: "Tests/CrashTestSupport", swiftSettings: strict),
        // Soak, faults and crashes for every engine, each one parameterised test over a list.
        .testTarget(
            name: "LeaseholdReliabilityTests",
            dependencies: [
                "Leasehold", "LeaseholdConformance", "LeaseholdLMDB", "LeaseholdLevelDB", "LeaseholdRocksDB",
                "CrashTestSupport", "crash-child",
            ],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdCLITests",
            dependencies: ["leasehold"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdLMDBTests",
            dependencies: ["LeaseholdLMDB", "LeaseholdConformance"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdLevelDBTests",
            dependencies: ["LeaseholdLevelDB", "CLevelDB", "LeaseholdConformance", "CrashTestSupport", "crash-child"],
            swiftSettings: strict),
        .testTarget(
            name: "LeaseholdRocksDBTests",
            dependencies: ["LeaseholdRocksDB", "CRocksDB", "LeaseholdConformance", "CrashTestSupport", "crash-child"],
            swiftSettings: strict),
    ]
)
