// swift-tools-version: 6.1
import PackageDescription

// A fixture for `make plugin-check`: an adapter that crashes the test process in one case, so
// the check can prove that `swift package leasehold-conformance` names the case it crashed in.
let package = Package(
    name: "CrashingAdapter",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Leasehold", path: "../../.."), .package(name: "ArrayStore", path: "../../../Examples/ArrayStore")],
    targets: [
        .target(name: "CrashingAdapter", dependencies: [
            .product(name: "LeaseholdCore", package: "Leasehold"), .product(name: "ArrayStore", package: "ArrayStore"),
        ]),
        .testTarget(name: "CrashingAdapterTests", dependencies: [
            "CrashingAdapter", .product(name: "LeaseholdConformance", package: "Leasehold"),
        ]),
    ]
)
