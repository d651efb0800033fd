// swift-tools-version: 6.1
import PackageDescription

// The order service of issue 17, written as an application would write it: Codable records under
// ("orders", customer, id) keys, typed scans, paging, and the same code on memory:, LMDB and
// RocksDB, picked by URL. It depends on the checkout two folders up, as an app depends on a
// release.
let package = Package(
    name: "Orders",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Leasehold", path: "../..")],
    targets: [
        .executableTarget(
            name: "orders",
            dependencies: [
                .product(name: "Leasehold", package: "Leasehold"),
                .product(name: "LeaseholdLMDB", package: "Leasehold"),
                .product(name: "LeaseholdRocksDB", package: "Leasehold"),
            ],
            path: "Sources/Orders"),
    ]
)
