import Foundation
import Leasehold
@_spi(Adapter) import LeaseholdCore
import LeaseholdConformance
import Synchronization

/// The concurrency soak's workload: writers move amounts between accounts in write
/// transactions while readers check, in every snapshot they see, that the total never changes.
///
/// Sized by operations (write transactions), not by time, so it does the same work under the
/// sanitizers, only slower. Readers run until the writers are done (and at least
/// ``minimumReadsPerReader`` times each). What they check, each a violation if it fails:
/// - every snapshot holds every account, well-formed, and their total is the initial total, read
///   by a scan, by a cursor that steps slowly while writers commit, and by point reads;
/// - the commit counter never goes back from one snapshot to the next (and counts every commit
///   at the end: no update was lost between writers);
/// - values kept past their transaction still hold the bytes they had, re-checked later;
/// - a record kept across a cursor step still holds its bytes after the step;
/// - a write transaction reads its own writes, and one that throws half-way applies nothing.
final class Soak: Sendable {
    static let accounts = 64
    static let initialBalance: Int64 = 10_000
    static var total: Int64 { Int64(accounts) * initialBalance }
    static let counterKey: [UInt8] = [0x6e]
    static let minimumReadsPerReader = 10

    let store: AnyEngine
    let transactions: Int
    let writers: Int
    let readers: Int
    let seed: UInt64

    /// The counts so far (the report's first fields).
    private let tally = Locked(Report())
    private let writersLeft: Atomic<Int>
    private let problems = Locked<[String]>([])

    init(store: AnyEngine, transactions: Int, writers: Int, readers: Int, seed: UInt64) {
        self.store = store
        self.transactions = transactions
        self.writers = writers
        self.readers = readers
        self.seed = seed
        writersLeft = Atomic(writers)
    }

    /// What a run saw.
    struct Report: CustomStringConvertible {
        var commits = 0, aborted = 0, conflicts = 0, reads = 0, records = 0, rechecked = 0
        var seconds = 0.0
        var violations: [String] = []
        var finalCounter: Int64 = -1
        var finalTotal: Int64 = -1

        var description: String {
            let rate = seconds > 0 ? Int(Double(commits) / seconds) : 0
            return "\(commits) transactions (\(rate)/s, \(aborted) aborted on purpose, \(conflicts) conflicts retried), "
                + "\(reads) read transactions (\(records) records), \(rechecked) kept values re-checked, "
                + "\(violations.count) violations"
        }
    }

    // MARK: Records

    static func key(_ account: Int) -> [UInt8] { [0x61, UInt8(account)] }

    /// The account an account key names, or `nil` for another key.
    static func account(_ key: Bytes) -> Int? {
        key.withUnsafeBytes { $0.count == 2 && $0[0] == 0x61 ? Int($0[1]) : nil }
    }

    /// A balance, followed by 40 bytes derived from it, so a torn or stale-memory value shows.
    static func encode(_ balance: Int64) -> [UInt8] {
        let head = withUnsafeBytes(of: balance.bigEndian) { Array($0) }
        return head + (0 ..< 40).map { head[$0 % 8] ^ UInt8($0) }
    }

    /// The balance in `value`, or `nil` if it is not well-formed.
    ///
    /// Reads through `withUnsafeBytes`, not `Bytes`' generic collection API: in a debug build
    /// each generic call looks up type metadata under a runtime lock, and with five threads
    /// under TSan that lock, not the engine, set the pace (15 transactions a second).
    static func decode(_ value: Bytes?) -> Int64? {
        guard let value else { return nil }
        return value.withUnsafeBytes { bytes -> Int64? in
            guard bytes.count == 48 else { return nil }
            var balance: Int64 = 0
            for i in 0 ..< 8 { balance = balance << 8 | Int64(bytes[i]) }
            for i in 0 ..< 40 where bytes[8 + i] != bytes[i % 8] ^ UInt8(i) { return nil }
            return balance
        }
    }

    /// Whether `value` holds exactly `expected`.
    static func holds(_ value: Bytes, _ expected: [UInt8]) -> Bool {
        value.withUnsafeBytes { bytes in
            expected.withUnsafeBytes { bytes.count == $0.count && (bytes.isEmpty || memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) == 0) }
        }
    }

    /// A private copy of `value`'s bytes.
    static func copy(_ value: Bytes) -> [UInt8] { value.withUnsafeBytes { [UInt8]($0) } }

    // MARK: Running

    func run() throws -> Report {
        try store.write { txn in
            for a in 0 ..< Self.accounts { try txn.put(Self.key(a), Self.encode(Self.initialBalance)) }
            try txn.put(Self.counterKey, Self.encode(0))
        }
        let group = DispatchGroup()
        let started = ContinuousClock.now
        for w in 0 ..< writers {
            let share = transactions / writers + (w < transactions % writers ? 1 : 0)
            start(group) { try self.write(share, random: SeededGenerator(seed: self.seed &+ UInt64(w))) }
        }
        for r in 0 ..< readers {
            start(group) { try self.read(random: SeededGenerator(seed: self.seed &+ 1000 &+ UInt64(r))) }
        }
        group.wait()
        let elapsed = ContinuousClock.now - started

        var report = tally.withLock { $0 }
        report.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        try store.read { txn in
            report.finalCounter = Self.decode(try txn.get(Self.counterKey)) ?? -1
            var total: Int64 = 0
            try txn.scan(.prefix([0x61])) { _, value in total += Self.decode(value) ?? 0 }
            report.finalTotal = total
        }
        report.violations = problems.withLock { $0 }
        return report
    }

    private func start(_ group: DispatchGroup, _ body: @escaping @Sendable () throws -> Void) {
        group.enter()
        let thread = Thread {
            do { try body() } catch { self.violation("thread stopped by \(error)") }
            group.leave()
        }
        thread.stackSize = 4 << 20
        thread.start()
    }

    private func violation(_ message: String) {
        problems.withLock { if $0.count < 20 { $0.append(message) } else if $0.count == 20 { $0.append("…") } }
    }

    // MARK: Writers

    private struct Abort: Error {}

    private func write(_ count: Int, random: SeededGenerator) throws {
        defer { writersLeft.subtract(1, ordering: .releasing) }
        var random = random
        for _ in 0 ..< count {
            let a = random.below(Self.accounts), b = random.below(Self.accounts)
            let amount = Int64(random.below(100))
            let abort = random.below(10) == 0
            while true {
                do {
                    try store.write { txn in
                        guard let ba = Self.decode(try txn.get(Self.key(a))) else {
                            throw SoakFailure("account \(a) unreadable in a write transaction")
                        }
                        try txn.put(Self.key(a), Self.encode(ba - amount))
                        if abort { throw Abort() }  // half a transfer: must leave no trace
                        guard let bb = Self.decode(try txn.get(Self.key(b))) else {
                            throw SoakFailure("account \(b) unreadable in a write transaction")
                        }
                        try txn.put(Self.key(b), Self.encode(bb + amount))
                        if Self.decode(try txn.get(Self.key(b))) != bb + amount {
                            violation("a write transaction did not read its own write")
                        }
                        let n = Self.decode(try txn.get(Self.counterKey)) ?? -1
                        try txn.put(Self.counterKey, Self.encode(n + 1))
                    }
                    tally.withLock { $0.commits += 1 }
                } catch is Abort {
                    tally.withLock { $0.aborted += 1 }
                } catch LeaseholdError.conflict {
                    tally.withLock { $0.conflicts += 1 }
                    continue
                }
                break
            }
        }
    }

    // MARK: Readers

    private func read(random: SeededGenerator) throws {
        var random = random
        var kept: [(value: Bytes, expected: [UInt8])] = []
        var lastCounter: Int64 = -1
        var done = 0
        while writersLeft.load(ordering: .acquiring) > 0 || done < Self.minimumReadsPerReader {
            let style = done % 3
            try store.read { txn in
                var total: Int64 = 0, seen = 0
                func visit(_ account: Int, _ value: Bytes) {
                    seen += 1
                    guard let balance = Self.decode(value) else {
                        return violation("account \(account): a malformed value \(Self.copy(value))")
                    }
                    total += balance
                    if random.below(40) == 0 { kept.append((value, Self.copy(value))) }
                }
                switch style {
                case 0:  // one scan
                    try txn.scan(.prefix([0x61])) { key, value in visit(Self.account(key) ?? -1, value) }
                case 1:  // a cursor stepping slowly while the writers commit
                    var cursor = try txn.cursor()
                    var previous: (value: Bytes, expected: [UInt8])?
                    var record = try cursor.seek([0x61])
                    while let r = record, let account = Self.account(r.key) {
                        visit(account, r.value)
                        if let p = previous, !Self.holds(p.value, p.expected) {
                            violation("a record kept across a cursor step changed")
                        }
                        previous = (r.value, Self.copy(r.value))
                        if seen % 8 == 0 { usleep(50) }
                        record = try cursor.next()
                    }
                default:  // point reads, in random order
                    for account in (0 ..< Self.accounts).shuffled(using: &random) {
                        guard let value = try txn.get(Self.key(account)) else { continue }
                        visit(account, value)
                    }
                }
                if seen != Self.accounts { violation("a snapshot with \(seen) accounts, not \(Self.accounts)") }
                if total != Self.total { violation("a snapshot whose total is \(total), not \(Self.total)") }
                let counter = Self.decode(try txn.get(Self.counterKey)) ?? -1
                if counter < lastCounter { violation("the commit counter went back from \(lastCounter) to \(counter)") }
                lastCounter = counter
                tally.withLock { $0.records += seen }
            }
            tally.withLock { $0.reads += 1 }
            done += 1
            // Re-check what earlier transactions kept, oldest first, once it has aged a little.
            while kept.count > 16 {
                let old = kept.removeFirst()
                if !Self.holds(old.value, old.expected) { violation("a value kept past its transaction changed") }
                if old.value.residence == .shared { violation("a value kept past its transaction is still lent") }
                tally.withLock { $0.rechecked += 1 }
            }
        }
        for old in kept {
            if !Self.holds(old.value, old.expected) { violation("a value kept past its transaction changed") }
            tally.withLock { $0.rechecked += 1 }
        }
    }
}

struct SoakFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension SeededGenerator {
    /// A number in `0 ..< n`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
