// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the tuple layer, in a package of their own: every target linked with
// `-sanitize=fuzzer` gets libFuzzer's `main`, so they stay out of the library's build. Built and
// run by `make fuzz` (see README.md here).
let fuzzTarget = { (name: String, path: String) -> Target in
    .executableTarget(
        name: name,
        dependencies: [
            "FuzzSupport",
            .product(name: "Leasehold", package: "Leasehold"),
            .product(name: "BigInt", package: "BigInt"),
        ],
        path: "Targets/\(path)",
        swiftSettings: [.enableUpcomingFeature("ExistentialAny")])
}

let package = Package(
    name: "LeaseholdFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Leasehold", path: ".."),
        .package(url: "https://github.com/attaswift/BigInt", from: "6.0.1"),
    ],
    targets: [
        // The checks every target shares: what a rejection may look like, and invariants.
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "Leasehold", package: "Leasehold")],
            path: "Targets/FuzzSupport",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
        fuzzTarget("fuzz-tuple-decoder", "TupleDecoder"),
        fuzzTarget("fuzz-tuple-elements", "TupleElements"),
        fuzzTarget("fuzz-tuple-literal", "TupleLiteral"),
        fuzzTarget("fuzz-tuple-codable", "TupleCodable"),
    ]
)
