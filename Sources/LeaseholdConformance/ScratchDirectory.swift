import Foundation

/// A fresh directory for one store of an engine test, removed with everything in it by
/// ``remove()`` (or at the end of ``withScratchDirectory(_:_:)``): what an adapter's own tests
/// use beside ``ConformanceHarness/init(url:registry:)``, instead of temporary paths of their own.
public struct ScratchDirectory: Sendable {
    /// The directory's path (not created: engines create it when they open a store there).
    public let path: String

    /// A new, unused path under the system's temporary directory, named after `label`.
    public init(_ label: String = "store") {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("leasehold-\(label)-\(UUID().uuidString)").path
    }

    /// Removes the directory and everything in it.
    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs `body` with a fresh directory path and removes the directory afterwards.
public func withScratchDirectory<R>(_ label: String = "store", _ body: (String) throws -> R) rethrows -> R {
    let directory = ScratchDirectory(label)
    defer { directory.remove() }
    return try body(directory.path)
}
