import Leasehold
import ScanPasses

/// Runs one style once, the store opened and warmed outside the measured function.
enum EngineStyles {
    static let names = ["raw", "spans", "scan", "records", "cursor", "keepKeys", "keepValues", "rawGets", "gets"]

    nonisolated(unsafe) static var sink = 0

    static func run(_ style: String, engine kind: StoreKind, directory: String) throws {
        if style == "prepare" { return try Store.prepare(kind, directory: directory) }
        let store = try Store.open(kind, directory: directory)
        _ = Shape.getKeys
        // Kept values are freed after the measured function returns (freeing is not measured).
        var kept: [Bytes] = []
        kept.reserveCapacity(Shape.records)
        // One pass first, so the measured one finds the blocks cached and the symbols bound.
        sink &+= try measure_warmup(store)
        let before = store.statistics.snapshot()
        switch style {
        case "raw": sink &+= try measure_raw(store)
        case "spans": sink &+= try measure_spans(store)
        case "scan": sink &+= try measure_scan(store)
        case "records": sink &+= try measure_records(store)
        case "cursor": sink &+= try measure_cursor(store)
        case "keepKeys": try measure_keepKeys(store, &kept)
        case "keepValues": try measure_keepValues(store, &kept)
        case "rawGets": sink &+= try measure_rawGets(store)
        case "gets": sink &+= try measure_gets(store)
        default: throw LeaseholdError.invalidArgument("unknown style \(style)")
        }
        // The lease counters of the pass (published when its transaction ended).
        print("counters: \(store.statistics.snapshot() - before)")
        sink &+= kept.count
        kept = []
        try store.close()
        if sink == 42 { print(sink) }
    }
}
