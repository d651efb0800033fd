import Foundation
import Leasehold

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the child does.
enum CrashMode: String {
    /// Commit numbered transactions until killed.
    case commit
    /// Report what the store holds.
    case check
    /// Commit under a file-size limit until a write fails; report the failure (`FillChild.swift`).
    case fill
    /// Commit a given number of transactions, then exit (a store for the damage tests).
    case populate
}

/// The records: transaction `t` writes keys `74 ‹t, 8 bytes big-endian› ‹i›` for `i` in
/// `0 ..< keysPerTransaction`, each with a 100-byte value derived from `t` and `i`, so a
/// transaction applied in part, or a value from another one, shows.
enum CrashLayout {
    static let keysPerTransaction = 8
    static let prefix: UInt8 = 0x74

    static func key(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        [prefix] + withUnsafeBytes(of: transaction.bigEndian) { Array($0) } + [UInt8(index)]
    }

    static func value(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        (0 ..< 100).map { UInt8(truncatingIfNeeded: Int(truncatingIfNeeded: transaction) &* 31 &+ index &* 7 &+ $0) }
    }

    /// The transaction and index a key names, or `nil` for a key not of this layout (a damaged
    /// store may hold any bytes).
    static func parse(_ key: Bytes) -> (transaction: UInt64, index: Int)? {
        key.withUnsafeBytes { $0.count == 10 ? ($0.loadUnaligned(fromByteOffset: 1, as: UInt64.self).bigEndian, Int($0[9])) : nil }
    }
}

/// Writes one line to stdout at once (unbuffered: the process may die right after).
func report(_ line: String) {
    let text = Array((line + "\n").utf8)
    _ = text.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

func run<E: Engine>(_ engine: E, _ mode: CrashMode, argument: Int?) throws {
    switch mode {
    case .commit: try commitUntilKilled(engine)
    case .check: try check(engine)
    case .fill: try commitUntilFailure(engine, fileSizeLimit: argument ?? 256 << 10)
    case .populate: try commitUntilFailure(engine, count: argument ?? 100)
    }
}

/// Commits transaction after transaction, continuing after the last one a previous child
/// committed. A second thread keeps read transactions open meanwhile, so a kill often lands
/// while one is running.
func commitUntilKilled<E: Engine>(_ engine: E) throws {
    var next: UInt64 = try engine.read { txn in
        var last: UInt64?
        try txn.scan(.prefix([CrashLayout.prefix]), reverse: true, limit: 1) { key, _ in last = CrashLayout.parse(key)?.transaction }
        return last.map { $0 + 1 } ?? 0
    }
    Thread {
        while true {
            _ = try? engine.read { txn in
                _ = try txn.count(.prefix([0x75]))
                usleep(1000)
            }
        }
    }.start()
    while true {
        try engine.write { txn in
            for i in 0 ..< CrashLayout.keysPerTransaction {
                try txn.put(CrashLayout.key(next, i), CrashLayout.value(next, i))
            }
        }
        report("committed \(next)")
        next += 1
    }
}

/// Reports the transactions in the store: how many, whether they run from 0 without a gap, which
/// are there in part, which have wrong values, and how many keys are not of the layout at all.
func check<E: Engine>(_ engine: E) throws {
    var indexes: [UInt64: [Int]] = [:]
    var wrong: Set<UInt64> = []
    var foreign = 0
    try engine.read { txn in
        try txn.scan(.prefix([CrashLayout.prefix])) { key, value in
            guard let (t, i) = CrashLayout.parse(key) else { return foreign += 1 }
            if !value.elementsEqual(CrashLayout.value(t, i)) { wrong.insert(t) }
            indexes[t, default: []].append(i)
        }
    }
    report("foreign \(foreign)")
    let numbers = indexes.keys.sorted()
    report("stored \(numbers.count)")
    report("consecutive \(numbers == Array(0 ..< UInt64(numbers.count)))")
    report("partial " + numbers.filter { indexes[$0] != Array(0 ..< CrashLayout.keysPerTransaction) }.map(String.init).joined(separator: " "))
    report("wrong " + wrong.sorted().map(String.init).joined(separator: " "))
}
