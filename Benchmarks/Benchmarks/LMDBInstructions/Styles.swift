import Foundation
import Leasehold
import LeaseholdLMDB
import LeaseholdBenchmarkSupport
import ScanPasses

/// Each style runs inside a function named `measure_STYLE`: the script counts instructions only
/// inside it (callgrind's `--zero-before`/`--dump-after`). Every scan does the same work per
/// record: both lengths plus the key's first byte, kept observable.
enum Styles {
    static let names = [
        "raw", "spans", "scan", "records", "cursor", "keepKeys", "keepKeysScan", "keepValues", "keepValuesScan",
        "rawGets", "gets", "memSpans", "memScan", "memRecords", "memKeepKeys", "memKeepKeysScan",
        "anySpans", "anyScan", "anyRecords", "anyGets",
    ] + userStyles

    /// The styles of the users store (`prepareUsers DIR`); the insert styles write a new store in DIR.
    static let userStyles = ["codableScan", "handScan", "codableGet", "handGet", "codableInsert", "handInsert"]

    nonisolated(unsafe) static var sink = 0

    static func run(_ style: String, directory: String) throws {
        if style == "prepare" {
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let engine = try LMDBEngine(options: .init(path: directory, mapSize: 1 << 30, noSync: true))
            try Shape.fill(engine)
            try engine.close()
            return
        }
        if style == "prepareUsers" { return try Users.prepare(directory) }
        if userStyles.contains(style) { return try runUsers(style, directory: directory) }
        if style == "ratios" {
            try Ratios.run(directory: directory)
            return
        }
        if style.hasPrefix("mem") {
            let engine = try MemoryEngine()
            try Shape.fill(engine)
            try runMemory(style, engine)
            return
        }
        let engine = try LMDBEngine(options: .init(path: directory, mapSize: 1 << 30, noSync: true))
        _ = Shape.getKeys
        // Kept values are freed after the measured function returns (freeing is not measured).
        var kept: [Bytes] = []
        kept.reserveCapacity(Shape.records)
        // Touch the map once so the measured pass is not the first (page cache, lazy binding).
        sink &+= try measure_warmup(engine)
        let before = engine.statistics.snapshot()
        let any = AnyEngine(engine)
        switch style {
        case "raw": sink &+= try measure_raw(engine)
        case "spans": sink &+= try measure_spans(engine)
        case "scan": sink &+= try measure_scan(engine)
        case "records": sink &+= try measure_records(engine)
        case "cursor": sink &+= try measure_cursor(engine)
        case "keepKeys": try measure_keepKeys(engine, &kept)
        case "keepKeysScan": try engine.read { txn in try measure_keepKeysScan(txn, &kept) }
        case "keepValues": try measure_keepValues(engine, &kept)
        case "keepValuesScan": try engine.read { txn in try measure_keepValuesScan(txn, &kept) }
        case "rawGets": sink &+= try engine.read { try measure_rawGets($0) }
        case "gets": sink &+= try engine.read { try measure_gets($0) }
        case "anySpans": sink &+= try measure_anySpans(any)
        case "anyScan": sink &+= try measure_anyScan(any)
        case "anyRecords": sink &+= try measure_anyRecords(any)
        case "anyGets": sink &+= try any.read { try measure_anyGets($0) }
        default: throw LeaseholdError.invalidArgument("unknown style \(style)")
        }
        // The lease counters of the pass (published when its transaction ended).
        print("counters: \(engine.statistics.snapshot() - before)")
        sink &+= kept.count
        kept = []
        try engine.close()
        if sink == 42 { print(sink) }
    }

    /// Runs a Codable or hand-written style on the users store in `directory` (the insert styles:
    /// on a new, empty store there, the users and keys built outside the measured function).
    static func runUsers(_ style: String, directory: String) throws {
        let inserting = style.hasSuffix("Insert")
        if inserting {
            try? FileManager.default.removeItem(atPath: directory)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let engine = try Users.open(directory)
        let users = inserting ? Users.all : []
        let keys = inserting ? users.map { Shape.key($0.id) } : []
        _ = Shape.getKeys
        if !inserting { sink &+= try measure_warmup(engine) }
        let before = engine.statistics.snapshot()
        switch style {
        case "codableScan": sink &+= try measure_codableScan(engine)
        case "handScan": sink &+= try measure_handScan(engine)
        case "codableGet": sink &+= try engine.read { try measure_codableGet($0) }
        case "handGet": sink &+= try engine.read { try measure_handGet($0) }
        case "codableInsert": try measure_codableInsert(engine, users, keys)
        case "handInsert": try measure_handInsert(engine, users, keys)
        default: throw LeaseholdError.invalidArgument("unknown style \(style)")
        }
        print("counters: \(engine.statistics.snapshot() - before)")
        if inserting {
            // The store holds what was inserted, decoded back the Codable way.
            let count = try engine.read { txn in
                var n = 0
                try txn.scan(as: User.self) { _, user in
                    guard user == users[n] else { throw LeaseholdError.invalidArgument("inserted user \(n) reads back wrong") }
                    n += 1
                }
                return n
            }
            guard count == users.count else { throw LeaseholdError.invalidArgument("inserted \(count) of \(users.count) users") }
        }
        try engine.close()
        if sink == 42 { print(sink) }
    }

    static func runMemory(_ style: String, _ engine: MemoryEngine) throws {
        var kept: [Bytes] = []
        kept.reserveCapacity(Shape.records)
        sink &+= try engine.read { try spansPass($0) }  // warm-up
        let before = engine.statistics.snapshot()
        if style == "memKeepKeysScan" {
            try engine.read { txn in try measure_memKeepKeysScan(txn, &kept) }
        } else {
            sink &+= try measure_memory(engine, style, &kept)
        }
        print("counters: \(engine.statistics.snapshot() - before)")
        sink &+= kept.count
        if sink == 42 { print(sink) }
    }
}
