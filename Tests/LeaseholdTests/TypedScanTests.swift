@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import Testing

/// Typed scans, `for` loops over records, and ranges built from keys, on the Memory engine.
@Suite("Typed scans and ranges from keys")
struct TypedScanTests {
    struct Order: Codable, Equatable {
        var customer: Int
        var item: String
        var total: Double
    }

    static func filled() throws -> MemoryEngine {
        let engine = try MemoryEngine()
        try engine.write { txn in
            for customer in 1 ... 3 {
                for id in 0 ..< 10 { try txn.put(Key("orders", customer, id), Order(customer: customer, item: "item \(id)", total: Double(id))) }
            }
            try txn.put(Key("other", 1), Order(customer: 0, item: "", total: 0))
        }
        return engine
    }

    @Test("scan(range, as:) hands over the key and the decoded value of every record of the range, in order")
    func typedScan() throws {
        let engine = try Self.filled()
        let seen = try engine.read { txn in
            var seen: [(Int, Order)] = []
            try txn.scan(Key("orders", 2).range, as: Order.self) { key, order in seen.append((try key[2, as: Int.self], order)) }
            return seen
        }
        #expect(seen.map(\.0) == Array(0 ..< 10))
        #expect(seen.map(\.1) == (0 ..< 10).map { Order(customer: 2, item: "item \($0)", total: Double($0)) })
    }

    @Test("a for loop over records stops with break; records(as:) decodes in the loop; reverse and limit apply")
    func forLoops() throws {
        let engine = try Self.filled()
        try engine.read { txn in
            var ids: [Int] = []
            for record in try txn.records(Key("orders", 1).range, as: Order.self) {
                let order = try record.value
                if order.total >= 4 { break }
                ids.append(try record.key[2, as: Int.self])
            }
            #expect(ids == [0, 1, 2, 3])

            var reversed: [Int] = []
            for record in try txn.records(Key("orders", 3).range, as: Order.self, reverse: true, limit: 3) {
                reversed.append(try record.key[2, as: Int.self])
            }
            #expect(reversed == [9, 8, 7])

            var untyped = 0
            for record in try txn.records(Key("orders").range) where !record.value.isEmpty { untyped += 1 }
            #expect(untyped == 30)
            var all = try txn.records(Key("orders", 1).range, as: Order.self)
            #expect(try all.collect().map(\.total) == (0 ..< 10).map(Double.init))
        }
    }

    @Test("pages through a range with range.after(lastKey) forwards and range.before(firstKey) in reverse")
    func paging() throws {
        let engine = try Self.filled()
        let range = Key("orders", 2).range
        var pages: [[Int]] = []
        var next = range
        while true {
            let page = try engine.read { txn in
                var page: [Key] = []
                for record in try txn.records(next, as: Order.self, limit: 4) { page.append(record.key) }
                return page
            }
            guard let last = page.last else { break }
            pages.append(try page.map { try $0[2, as: Int.self] })
            next = range.after(last)
        }
        #expect(pages == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])

        var back: [[Int]] = []
        var previous = range
        while true {
            let page = try engine.read { txn in try txn.records(previous, reverse: true, limit: 4).map { Key(packed: $0.key) } }
            guard let last = page.last else { break }
            back.append(try page.map { try $0[2, as: Int.self] })
            previous = range.before(last)
        }
        #expect(back == [[9, 8, 7, 6], [5, 4, 3, 2], [1, 0]])
    }

    @Test("ranges from keys: .after, .from(_:to:), .from(_:through:), .from, and the Key forms of greaterThan/atLeast/lessThan/atMost")
    func rangesFromKeys() throws {
        let engine = try Self.filled()
        func ids(_ range: KeyRange) throws -> [Int] {
            try engine.read { txn in
                var ids: [Int] = []
                try txn.scan(range, as: Order.self) { key, _ in if try key[0, as: String.self] == "orders", try key[1, as: Int.self] == 1 { ids.append(try key[2, as: Int.self]) } }
                return ids
            }
        }
        #expect(try ids(.after(Key("orders", 1, 7))) == [8, 9])
        #expect(try ids(.from(Key("orders", 1, 2), to: Key("orders", 1, 5))) == [2, 3, 4])
        #expect(try ids(.from(Key("orders", 1, 2), through: Key("orders", 1, 5))) == [2, 3, 4, 5])
        #expect(try ids(.from(Key("orders", 1, 8))) == [8, 9])
        #expect(try ids(.greaterThan(Key("orders", 1, 8))) == [9])
        #expect(try ids(.atLeast(Key("orders", 1, 8))) == [8, 9])
        #expect(try ids(.lessThan(Key("orders", 1, 2))) == [0, 1])
        #expect(try ids(.atMost(Key("orders", 1, 2))) == [0, 1, 2])
        // Narrowing never widens: a key below the range's start leaves the range as it was.
        let range = KeyRange.from(Key("orders", 1, 5), to: Key("orders", 1, 8))
        #expect(range.after(Key("orders", 1, 0)) == range)
        #expect(range.before(Key("orders", 1, 9)) == range)
        #expect(try ids(range.after(Key("orders", 1, 6))) == [7])
    }

    @Test("a for loop that fails to step ends there, and read/write throw the failure when the closure returns; the write is not committed")
    func forLoopFailureReachesTheFrame() throws {
        let engine = GatedTestEngine(FailingStepStore(failAfter: 3))
        try engine.write { txn in for i in 0 ..< 10 { try txn.put(Key(i), Key(i)) } }
        var seen = 0
        #expect(throws: LeaseholdError.io("step 4 failed")) {
            try engine.read { txn in
                for _ in try txn.records() { seen += 1 }
            }
        }
        #expect(seen == 3)
        #expect(throws: LeaseholdError.io("step 4 failed")) {
            try engine.write { txn in
                for record in try txn.records() { try txn.put(record.key, Key("changed")) }
            }
        }
        try engine.read { txn in
            // Nothing of the failed write was committed.
            #expect(try txn.get(Key(0)) == Key(0).bytes)
            var records = try txn.records()
            // `next()` throws at once instead.
            #expect(throws: LeaseholdError.io("step 4 failed")) { while try records.next() != nil {} }
        }
    }
}

/// A Memory store whose cursors fail at their fourth step (an I/O error mid-scan).
final class FailingStepStore: StoreAdapter {
    let memory = MemoryStore(options: .init())
    let failAfter: Int
    init(failAfter: Int) { self.failAfter = failAfter }
    var capabilities: Capabilities { memory.capabilities }
    func beginRead(_ lender: Lender) -> FailingReader<MemoryReader> { FailingReader(memory.beginRead(lender), failAfter: failAfter) }
    func endRead(_ reader: FailingReader<MemoryReader>) {}
    func beginWrite(_ lender: Lender) -> FailingWriter { FailingWriter(memory.beginWrite(lender), failAfter: failAfter) }
    func commit(_ writer: FailingWriter) { memory.commit(writer.base) }
    func abort(_ writer: FailingWriter) {}
    func close() { memory.close() }
}

class FailingReader<Base: MemoryReader>: StoreReader {
    let base: Base
    let failAfter: Int
    init(_ base: Base, failAfter: Int) { self.base = base; self.failAfter = failAfter }
    var lending: CursorLending { .transaction }
    func value(forKey key: UnsafeRawBufferPointer) -> Bytes? { base.value(forKey: key) }
    func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try base.withValue(forKey: key, body)
    }
    func makeCursor() -> FailingCursor { FailingCursor(base: base.makeCursor(), failAfter: failAfter) }
}

final class FailingWriter: FailingReader<MemoryWriter>, StoreWriter {
    func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) { base.put(key: key, value: value) }
    func delete(key: UnsafeRawBufferPointer) -> Bool { base.delete(key: key) }
}

struct FailingCursor: StoreCursor {
    var base: MemoryCursor
    let failAfter: Int
    var steps = 0
    var lending: CursorLending { base.lending }
    mutating func step() throws {
        steps += 1
        if steps > failAfter { throw LeaseholdError.io("step \(steps) failed") }
    }
    mutating func first() throws -> Bool { try step(); return base.first() }
    mutating func last() throws -> Bool { try step(); return base.last() }
    mutating func next() throws -> Bool { try step(); return base.next() }
    mutating func previous() throws -> Bool { try step(); return base.previous() }
    mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool { try step(); return base.seek(key) }
    var key: UnsafeRawBufferPointer { base.key }
    var value: UnsafeRawBufferPointer { base.value }
}
