import Leasehold
import LeaseholdBenchmarkSupport

/// How much work one bench run does.
struct BenchPlan {
    var records: Int
    var gets: Int
    var passes: Int
    /// Only these modes (floors included only if named), or every mode.
    var only: Set<String>? = nil

    /// Every mode, in the order run.
    static let modes = ["raw_scan", "scan_spans", "scan", "records", "scan_keep_keys", "raw_get", "get"]
}

/// One measured mode of one engine.
struct BenchRow {
    var engine: String
    /// A stable name: `raw_scan`, `scan_spans`, `scan`, `records`, `scan_keep_keys`, `raw_get`, `get`.
    var mode: String
    var label: String
    /// Records (or gets) per pass.
    var records: Int
    /// Median wall-clock nanoseconds per record over the passes.
    var nsPerRecord: Double
    /// Against the engine's raw loop of the same kind (scan or get), if it has one.
    var ratioToRaw: Double?
    /// Lease counters of one pass.
    var counters: LeaseCounters
}

/// An engine the bench knows how to measure against its floor, with code specialised for its
/// concrete type (one line per engine in ``BuiltEngines/benchmarked``).
struct BenchTarget: Sendable {
    let engineType: ObjectIdentifier
    let run: @Sendable (AnyEngine, BenchPlan) throws -> [BenchRow]

    init<E: BenchmarkFloor>(_: E.Type) {
        engineType = ObjectIdentifier(E.self)
        run = { engine, plan in
            let concrete = engine.base as! E
            return try BenchRunner(engine: concrete, plan: plan).run(
                rawScan: { try concrete.rawScanChecksum() },
                rawGet: { try concrete.rawGetChecksum(keys: $0, keyLength: $1) })
        }
    }

    /// Measures `engine` with the target for its type, or through `AnyEngine` with no floor.
    static func measure(_ engine: AnyEngine, _ plan: BenchPlan, targets: [BenchTarget]) throws -> [BenchRow] {
        if let target = targets.first(where: { $0.engineType == ObjectIdentifier(type(of: engine.base)) }) {
            return try target.run(engine, plan)
        }
        return try BenchRunner(engine: engine, plan: plan).run(rawScan: nil, rawGet: nil)
    }
}

/// Loads a store and times each way of reading it, Leasehold's and the engine's bare loop, in
/// the same process, each as the median of a few passes after one warm-up pass.
///
/// Every loop does the same work per record (both lengths plus the key's first byte) and the
/// checksums must agree, so no mode can skip reading.
struct BenchRunner<E: Engine> {
    let engine: E
    let plan: BenchPlan
    static var keyLength: Int { 16 }
    static var valueLength: Int { 100 }

    static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    func load() throws {
        var value = [UInt8](repeating: 0, count: Self.valueLength)
        for start in stride(from: 0, to: plan.records, by: 10_000) {
            try engine.write { txn in
                for i in start ..< min(start + 10_000, plan.records) {
                    for j in 0 ..< value.count { value[j] = UInt8(truncatingIfNeeded: i &+ j) }
                    try txn.put(Self.key(i), value)
                }
            }
        }
    }

    func run(rawScan: (() throws -> Int)?, rawGet: ((UnsafeRawBufferPointer, Int) throws -> Int)?) throws -> [BenchRow] {
        try load()
        var generator = SystemRandomNumberGenerator()
        let keys = (0 ..< plan.gets).flatMap { _ in Self.key(Int.random(in: 0 ..< plan.records, using: &generator)) }
        var rows: [BenchRow] = []
        var checksums: [String: Int] = [:]
        let name = engine.capabilities.engine

        func add(_ mode: String, _ label: String, count: Int, floor: String?, sameWork: Bool = true,
                 after: () -> Void = {}, _ pass: () throws -> Int) throws {
            if let only = plan.only, !only.contains(mode) { return }
            let (median, counters, checksum) = try measure(pass, after: after)
            let base = floor.flatMap { f in rows.first { $0.mode == f } }
            if sameWork, let base, let expected = checksums[base.mode], expected != checksum {
                throw CLIError("bench: \(mode) read different data than \(base.mode) on \(name)")
            }
            checksums[mode] = checksum
            let perRecord = median / Double(max(count, 1))
            rows.append(BenchRow(engine: name, mode: mode, label: label, records: count, nsPerRecord: perRecord,
                                 ratioToRaw: base.map { perRecord / $0.nsPerRecord } ?? (mode.hasPrefix("raw_") ? 1 : nil),
                                 counters: counters))
        }

        if let rawScan { try add("raw_scan", "raw loop (floor)", count: plan.records, floor: nil, rawScan) }
        let scanFloor = rows.contains { $0.mode == "raw_scan" } ? "raw_scan" : nil
        try add("scan_spans", "scanSpans", count: plan.records, floor: scanFloor) {
            try engine.read { txn in
                var total = 0
                try txn.scanSpans { key, value in
                    total &+= key.byteCount &+ value.byteCount &+ Int(key.unsafeLoad(as: UInt8.self))
                }
                return total
            }
        }
        try add("scan", "scan, Bytes dropped", count: plan.records, floor: scanFloor) {
            try engine.read { txn in
                var total = 0
                try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
                return total
            }
        }
        try add("records", "records(), Bytes dropped", count: plan.records, floor: scanFloor) {
            try engine.read { txn in
                var total = 0
                var records = try txn.records()
                while let record = try records.next() { total &+= record.key.count &+ record.value.count &+ Int(record.key[0]) }
                return total
            }
        }
        // Timed: the scan and the copies at the transaction's end; freeing the keys is not.
        var kept: [Bytes] = []
        try add("scan_keep_keys", "scan keeping every key", count: plan.records, floor: scanFloor, sameWork: false,
                after: { kept = [] }) {
            kept.reserveCapacity(plan.records)
            try engine.read { txn in try txn.scan { key, _ in kept.append(key) } }
            return kept.count
        }
        if let rawGet {
            try add("raw_get", "random gets, raw (floor)", count: plan.gets, floor: nil) {
                try keys.withUnsafeBytes { try rawGet($0, Self.keyLength) }
            }
        }
        try add("get", "random gets", count: plan.gets, floor: rows.contains { $0.mode == "raw_get" } ? "raw_get" : nil) {
            try engine.read { txn in
                try keys.withUnsafeBytes { all in
                    var total = 0
                    var offset = 0
                    while offset < all.count {
                        guard let value = try txn.get(UnsafeRawBufferPointer(rebasing: all[offset ..< offset + Self.keyLength])) else {
                            throw LeaseholdError.notFound("a benchmark key")
                        }
                        total &+= value.count
                        offset += Self.keyLength
                    }
                    return total
                }
            }
        }
        return rows
    }

    /// One warm-up pass, then `plan.passes` timed ones: the median in nanoseconds, the lease
    /// counters of the last pass, and the checksum.
    func measure(_ pass: () throws -> Int, after: () -> Void) throws -> (Double, LeaseCounters, Int) {
        var checksum = try pass()
        after()
        var times: [Double] = []
        var counters = LeaseCounters()
        let clock = ContinuousClock()
        for _ in 0 ..< plan.passes {
            let before = engine.statistics.snapshot()
            var result = 0
            let elapsed = try clock.measure { result = try pass() }
            counters = engine.statistics.snapshot() - before
            after()
            checksum = result
            times.append(Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) * 1e-9)
        }
        times.sort()
        let median = times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        return (median, counters, checksum)
    }
}
