import Foundation
import Leasehold
import LeaseholdBenchmarkSupport
import LeaseholdLMDB
import ScanPasses

/// Wall-time ratios of each pair of styles, rounds interleaved so both sides see the same machine:
/// the median of `ROUNDS` (default 7) rounds, in ns per record (per get for the gets).
enum Ratios {
    static let pairs: [(String, String)] = [
        ("put", "rawPut"), ("anyPut", "put"), ("levelCommit", "levelRawBatch"), ("rocksCommit", "rocksRawBatch"),
        ("gets", "withValue"), ("gets", "rawGets"), ("anyGets", "gets"), ("anyWithValue", "withValue"),
        ("anySpans", "spans"), ("anyScan", "scan"), ("anyRecords", "records"), ("anyCursor", "cursor"),
    ]

    static func run(directory: String) throws {
        let rounds = ProcessInfo.processInfo.environment["ROUNDS"].flatMap { Int($0) } ?? 7
        let styles = Styles.names
        var times: [String: [Double]] = [:]
        if !FileManager.default.fileExists(atPath: directory + "/read.lmdb") { try Styles.run("prepare", directory: directory) }
        for _ in 0 ..< rounds {
            for style in styles {
                try Styles.run(style, directory: directory)
                times[style, default: []].append(Styles.lastSeconds)
            }
        }
        func median(_ style: String) -> Double {
            let t = times[style]!.sorted()
            return t[t.count / 2]
        }
        for style in styles {
            let per = Styles.reads.prefix(5).contains(style) ? Double(Shape.getKeys.count / 16) : Double(Shape.records)
            print("\(style.padding(toLength: 16, withPad: " ", startingAt: 0)) \(String(format: "%9.1f", median(style) * 1e9 / per)) ns")
        }
        for (a, b) in pairs {
            print("\(a) / \(b): \(String(format: "%.3f", median(a) / median(b)))x")
        }
    }
}
