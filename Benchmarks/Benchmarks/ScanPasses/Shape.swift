import Foundation
import Leasehold

/// The store the instruction runs scan: `records` records of a 16-byte key (8-byte prefix,
/// big-endian id) and a 100-byte value, the shape of the package-benchmark suites; 100,000 by
/// default (instruction counts need no more), `RECORDS=N` in the environment for another size (the
/// same for `prepare` and the runs).
public enum Shape {
    public static let records = ProcessInfo.processInfo.environment["RECORDS"].flatMap { Int($0) } ?? 100_000

    public static func key(_ i: Int) -> [UInt8] {
        Array("leasehld".utf8) + withUnsafeBytes(of: UInt64(i).bigEndian) { Array($0) }
    }

    public static func value(_ i: Int) -> [UInt8] {
        (0 ..< 100).map { UInt8(truncatingIfNeeded: i &+ $0) }
    }

    public static func fill<E: Engine>(_ engine: E) throws {
        for start in stride(from: 0, to: records, by: 100_000) {
            try engine.write { txn in
                for i in start ..< min(start + 100_000, records) { try txn.put(key(i), value(i)) }
            }
        }
    }

    /// Every 7th key, back to back (16 bytes each): the point-get workload.
    public static let getKeys: [UInt8] = stride(from: 0, to: records, by: 7).flatMap { key($0 &* 7919 % records) }
}
