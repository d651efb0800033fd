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
    ]

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
        default: throw LeaseholdError.invalidArgument("unknown style \(style)")
        }
        sink &+= kept.count
        kept = []
        try engine.close()
        if sink == 42 { print(sink) }
    }

    static func runMemory(_ style: String, _ engine: MemoryEngine) throws {
        var kept: [Bytes] = []
        kept.reserveCapacity(Shape.records)
        sink &+= try engine.read { try spansPass($0) }  // warm-up
        if style == "memKeepKeysScan" {
            try engine.read { txn in try measure_memKeepKeysScan(txn, &kept) }
        } else {
            sink &+= try measure_memory(engine, style, &kept)
        }
        sink &+= kept.count
        if sink == 42 { print(sink) }
    }
}
