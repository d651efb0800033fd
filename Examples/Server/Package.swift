// swift-tools-version: 6.1
import PackageDescription

// The server of issue 18: a Hummingbird 2 app over Leasehold's async API. Notes are Codable
// records under ("notes", id) keys in the store LEASEHOLD_STORE names; GET/PUT/DELETE, a paged
// listing, a live feed of changes as server-sent events and Prometheus metrics. It depends on
// the checkout two folders up, as an app depends on a release.
let package = Package(
    name: "Server",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Leasehold", path: "../.."),
        // Without the swift-configuration support (the app reads its environment itself).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The tests' streaming client for the live feed (HummingbirdTesting depends on it anyway).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The app: configuration, the note store over AsyncStore, the routes.
        .target(
            name: "NoteServer",
            dependencies: [
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdAsync", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
                .product(name: "LeaseholdLevelDB", package: "Leasehold"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // `note-server`: reads the environment, runs the app until SIGINT/SIGTERM.
        .executableTarget(
            name: "note-server",
            dependencies: ["NoteServer"],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        // The app on a real port, talked to over HTTP/1.1, on memory:, LMDB and RocksDB.
        .testTarget(
            name: "NoteServerTests",
            dependencies: [
                "NoteServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
