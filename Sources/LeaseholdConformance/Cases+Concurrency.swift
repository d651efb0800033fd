import Foundation
import LeaseholdCore

/// Transactions on several threads at once: what the isolation the manifest states must mean.
extension ConformanceSuite {
    static let concurrencyCases: [ConformanceCase] = [
        ConformanceCase("concurrency.readersSeeOneSnapshot", "Readers on other threads, each scanning every account while a writer moves amounts between them, always see the same total: no reader sees half a commit.", requires: [.snapshots]) { ctx in
            let accounts = 8, start = 100, transfers = 150, readers = 3
            let e = ctx.engine
            try e.write { txn in for a in 0 ..< accounts { try txn.put([0x7c, UInt8(a)], amount(start)) } }
            let stop = ResultBox<Bool>()
            let readersDone = onThreads(readers) { report in
                while (try? stop.get()?.get()) != true {
                    do {
                        let total = try e.read { txn -> Int in
                            var sum = 0
                            try txn.scan(.prefix([0x7c])) { _, value in sum += decode(value) }
                            return sum
                        }
                        if total != accounts * start { report("a reader saw a total of \(total)") }
                    } catch {
                        report("a reader failed: \(error)")
                    }
                }
            }
            var random = SeededGenerator(seed: 0x5ca1e)
            for _ in 0 ..< transfers {
                let from = Int.random(in: 0 ..< accounts, using: &random)
                let to = (from + Int.random(in: 1 ..< accounts, using: &random)) % accounts
                let sum = Int.random(in: 1 ... 10, using: &random)
                try e.write { txn in
                    let a = decode(try txn.get([0x7c, UInt8(from)])!), b = decode(try txn.get([0x7c, UInt8(to)])!)
                    try txn.put([0x7c, UInt8(from)], amount(a - sum))
                    try txn.put([0x7c, UInt8(to)], amount(b + sum))
                }
            }
            stop.set(.success(true))
            let seen = readersDone()
            try expect(seen.isEmpty, "\(seen.count) inconsistent snapshots, first: \(seen.first ?? "")")
            let total = try e.read { txn in
                var sum = 0
                try txn.scan(.prefix([0x7c])) { _, value in sum += decode(value) }
                return sum
            }
            try expectEqual(total, accounts * start, "the total after every transfer")
        },
        ConformanceCase("concurrency.noLostUpdates", "Writers on several threads each adding to one counter (read, then write) lose no update: the isolation the manifest states is serializable or snapshot with conflicts retried.", requires: [.isolation([.serializable, .snapshot])]) { ctx in
            let threads = 4, increments = 25
            let e = ctx.engine
            try e.write { try $0.put([0x7d], amount(0)) }
            let seen = onThreads(threads) { report in
                for _ in 0 ..< increments {
                    do {
                        try e.write { txn in try txn.put([0x7d], amount(decode(try txn.get([0x7d])!) + 1)) }
                    } catch {
                        report("an increment failed: \(error)")
                    }
                }
            }()
            try expect(seen.isEmpty, "\(seen.count) failed increments, first: \(seen.first ?? "")")
            try e.read { try expectEqual(decode(try $0.get([0x7d])!), threads * increments, "the counter") }
        },
    ]
}

/// An amount as 8 big-endian bytes.
func amount(_ value: Int) -> [UInt8] { withUnsafeBytes(of: Int64(value).bigEndian) { Array($0) } }

/// The amount in 8 big-endian bytes.
func decode(_ bytes: Bytes) -> Int {
    bytes.withUnsafeBytes { Int(Int64(bigEndian: $0.loadUnaligned(as: Int64.self))) }
}

/// Starts `body` on `count` threads of their own; returns a function that waits for all of
/// them and gives back the lines they reported.
func onThreads(_ count: Int, _ body: @escaping @Sendable (_ report: @Sendable (String) -> Void) -> Void) -> () -> [String] {
    let lines = ResultBox<[String]>()
    let group = DispatchGroup()
    for _ in 0 ..< count {
        group.enter()
        Thread.detachNewThread {
            defer { group.leave() }
            body { line in lines.update { .success(((try? $0?.get()) ?? []) + [line]) } }
        }
    }
    return {
        group.wait()
        return (try? lines.get()?.get()) ?? []
    }
}
