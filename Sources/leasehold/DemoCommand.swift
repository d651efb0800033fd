import ArgumentParser
import Foundation
import Leasehold
import LeaseholdLMDB

/// `leasehold demo`: writes tuple-keyed records to an embedded LMDB store, scans them zero-copy,
/// keeps a few past the transaction, and prints what the lease machinery did.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Show zero-copy reads and lease expiry on an embedded LMDB store.")

    @Option(help: "Directory of the LMDB store (created if missing; default: a temporary directory, removed afterwards).")
    var path: String?

    @Option(help: "How many records to write.")
    var count = 10_000

    /// The root command, whose store options this command rejects (it opens no store).
    @ParentCommand var root: LeaseholdCommand

    func validate() throws { try root.store.rejectUnused(by: "demo") }

    func run() throws {
        let directory = path ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("leasehold-demo-\(ProcessInfo.processInfo.processIdentifier)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let store = try LMDBEngine(path: directory)
        defer {
            try? store.close()
            if path == nil { try? FileManager.default.removeItem(atPath: directory) }  // the temporary store
        }
        print("store: \(directory) (\(store.capabilities.engine), scans lent for the \(store.capabilities.scans.rawValue))")

        try store.write { txn in
            for i in 0 ..< count { try txn.put(Key("users", i), Bytes("user-\(i)@example.com")) }
        }
        let before = store.statistics.snapshot()
        var kept: [Bytes] = []
        let scanned = try store.read { txn -> Int in
            var n = 0
            try txn.scan(Key("users").range) { key, value in
                if n < 3 { print("  \(Key(packed: key)) -> \(value)  [\(value.residence)]") }
                if n % 1000 == 0 { kept.append(value) }
                n += 1
            }
            return n
        }
        let d = store.statistics.snapshot() - before
        print("scanned \(scanned) records; kept \(kept.count) values past the transaction, now \(kept.first?.residence ?? .owned)")
        print("lease counters: \(d)")
    }
}
