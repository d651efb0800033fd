import Foundation
import Leasehold
import LeaseholdLMDB
import LeaseholdBenchmarkSupport
import ScanPasses

/// Wall-time ratios to the raw `mdb_cursor_get` loop with the passes interleaved — raw, style,
/// raw, style… — so that a machine shared with other work slows both sides of each ratio alike;
/// prints the median over the rounds of each pair's ratio, and the median ns per record.
/// A cross-check for the package-benchmark suite (which times each style in a block of its own).
enum Ratios {
    static let rounds = ProcessInfo.processInfo.environment["ROUNDS"].flatMap { Int($0) } ?? 15

    static func nanoseconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start)
    }

    static func median(_ xs: [Double]) -> Double {
        let s = xs.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    static func run(directory: String) throws {
        let engine = try LMDBEngine(options: .init(path: directory, mapSize: 1 << 30, noSync: true))
        let n = Double(Shape.records)
        var kept: [Bytes] = []
        kept.reserveCapacity(Shape.records)
        // Each style: the time of one pass in ns, `kept` emptied outside the timing.
        let styles: [(String, () throws -> Double)] = [
            ("scanSpans", { try nanoseconds { Styles.sink &+= try measure_spans(engine) } }),
            ("scan closure, Bytes dropped", { try nanoseconds { Styles.sink &+= try measure_scan(engine) } }),
            ("records() iterator", { try nanoseconds { Styles.sink &+= try measure_records(engine) } }),
            ("cursor() first/next", { try nanoseconds { Styles.sink &+= try measure_cursor(engine) } }),
            ("scan keeping every key (+ expiry)", {
                defer { kept.removeAll(keepingCapacity: true) }
                return try nanoseconds { try measure_keepKeys(engine, &kept) }
            }),
            ("scan keeping every value (+ expiry)", {
                defer { kept.removeAll(keepingCapacity: true) }
                return try nanoseconds { try measure_keepValues(engine, &kept) }
            }),
        ]
        let raw = { try nanoseconds { Styles.sink &+= try measure_raw(engine) } }
        _ = try raw()
        var ratios = Array(repeating: [Double](), count: styles.count)
        var times = Array(repeating: [Double](), count: styles.count)
        var raws: [Double] = []
        var expiryKeys: [Double] = [], expiryValues: [Double] = []
        var getRatios: [Double] = []
        for _ in 0 ..< rounds {
            for (i, style) in styles.enumerated() {
                let r = try raw()
                let t = try style.1()
                raws.append(r)
                ratios[i].append(t / r)
                times[i].append(t / n)
            }
            // Expiry alone: the end of a read transaction that kept every key (or value).
            for values in [false, true] {
                var end = 0.0
                try engine.read { txn in
                    try txn.scan { key, value in kept.append(values ? value : key) }
                    end = Double(DispatchTime.now().uptimeNanoseconds)
                }
                let expiry = Double(DispatchTime.now().uptimeNanoseconds) - end
                kept.removeAll(keepingCapacity: true)
                if values { expiryValues.append(expiry / n) } else { expiryKeys.append(expiry / n) }
            }
            let rawGets = try engine.read { txn in try nanoseconds { Styles.sink &+= try measure_rawGets(txn) } }
            let gets = try engine.read { txn in try nanoseconds { Styles.sink &+= try measure_gets(txn) } }
            getRatios.append(gets / rawGets)
        }
        print("\(Shape.records) records, \(rounds) rounds, medians; raw loop \(String(format: "%.1f", median(raws) / n)) ns/record")
        for (i, style) in styles.enumerated() {
            print(String(format: "  %-36@ %5.2fx  %6.1f ns/record", style.0 as NSString, median(ratios[i]), median(times[i])))
        }
        print(String(format: "  %-36@ %5.2fx", "point gets vs raw mdb_get" as NSString, median(getRatios)))
        print(String(format: "  %-36@ %6.1f ns per kept key", "expiry, 16-byte keys" as NSString, median(expiryKeys)))
        if ProcessInfo.processInfo.environment["VERBOSE"] != nil { print("  key expiry by round:", expiryKeys.map { Int($0) }, "value:", expiryValues.map { Int($0) }) }
        print(String(format: "  %-36@ %6.1f ns per kept value", "expiry, 100-byte values" as NSString, median(expiryValues)))
        try engine.close()
    }
}
