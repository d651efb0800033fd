// swift-tools-version: 6.1
import PackageDescription

// An adapter written outside Leasehold, as a user would: it depends on the core alone (no
// third-party package), registers the `arraystore:` scheme, and proves itself with
// `swift package leasehold-conformance`.
let package = Package(
    name: "ArrayStore",
    platforms: [.macOS(.v15)],
    products: [.library(name: "ArrayStore", targets: ["ArrayStore"])],
    dependencies: [.package(name: "Leasehold", path: "../..")],
    targets: [
        .target(name: "ArrayStore", dependencies: [.product(name: "LeaseholdCore", package: "Leasehold")]),
        .testTarget(
            name: "ArrayStoreTests",
            dependencies: [
                "ArrayStore",
                .product(name: "LeaseholdCore", package: "Leasehold"),
                .product(name: "LeaseholdConformance", package: "Leasehold"),
            ]),
    ]
)
