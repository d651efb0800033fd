// A child process for the LMDB crash test: commits numbered transactions into the store at
// argv[1] until it is killed, and reports each commit on stdout ("committed N") right after
// `write` returns. Transaction N writes `CrashLayout.keysPerTransaction` keys, so a partially
// applied transaction would show. A second thread keeps read transactions open, so a kill
// usually leaves a stale reader slot behind for the next open to clear.
import Foundation
import Leasehold
import LeaseholdLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The record layout shared with the test (which re-derives it).
enum CrashLayout {
    static let keysPerTransaction = 8

    static func key(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        [0x74] + withUnsafeBytes(of: transaction.bigEndian) { Array($0) } + [UInt8(index)]
    }

    static func value(_ transaction: UInt64, _ index: Int) -> [UInt8] {
        (0 ..< 100).map { UInt8(truncatingIfNeeded: Int(transaction) &* 31 &+ index &* 7 &+ $0) }
    }
}

func report(_ line: String) {
    let text = Array((line + "\n").utf8)
    _ = text.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
}

guard CommandLine.arguments.count == 2 else {
    report("usage: lmdb-crash-child STORE-DIRECTORY")
    exit(2)
}

do {
    let engine = try LMDBEngine(options: .init(path: CommandLine.arguments[1], mapSize: 256 << 20, noSync: true))
    report("cleared \(engine.staleReadersCleared)")
    // Continue after the last transaction a previous child committed.
    var next: UInt64 = try engine.read { txn in
        var last: UInt64?
        try txn.scan(.prefix([0x74]), reverse: true, limit: 1) { key, _ in
            last = key.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 1, as: UInt64.self).bigEndian }
        }
        return last.map { $0 + 1 } ?? 0
    }
    let reader = Thread {
        while true {
            _ = try? engine.read { txn in
                _ = try txn.count(.prefix([0x75]))
                usleep(1000)
            }
        }
    }
    reader.start()
    while true {
        try engine.write { txn in
            for i in 0 ..< CrashLayout.keysPerTransaction {
                try txn.put(CrashLayout.key(next, i), CrashLayout.value(next, i))
            }
        }
        report("committed \(next)")
        next += 1
    }
} catch {
    report("error \(error)")
    exit(1)
}
