import Foundation
import LeaseholdConformance
@_spi(Adapter) import LeaseholdCore
@testable import LeaseholdRocksDB
import Testing

/// How the RocksDB adapter lends: iterator keys for one step, values for one step or (pinData)
/// for the iterator's life, point reads as pinned slices the value owns.
@Suite("RocksDB leases")
struct RocksDBLeaseTests {
    @Test("a key kept across an iterator step is copied at the step: residence, bytes, counters")
    func keyKeptAcrossStepIsCopied() throws {
        try withStore("step") { engine in
            let data = records(0x10, count: 200, size: 60)
            try fill(engine, data)
            try engine.flush()  // iterate table blocks, not only the memtable
            try engine.read { txn in
                var cursor = try txn.cursor()
                let lease = cursor.leases.key
                let record = try #require(try cursor.first())
                #expect(record.key.residence == .shared && record.value.residence == .shared)
                let lent = record.key.withUnsafeBytes { $0.baseAddress }
                let before = lease.unpublishedCounters
                let second = try #require(try cursor.next())
                let d = lease.unpublishedCounters - before
                // The step copied exactly the record we hold (a 4-byte key and a 60-byte value).
                #expect(record.key.residence == .copied && record.value.residence == .copied)
                #expect(d.sinksCopied == 2 && d.bytesCopied == 64 && d.inlineCopies == 1 && d.arenasAllocated == 1, "\(d)")
                #expect(Array(record.key) == data[0].0 && Array(record.value) == data[0].1)
                #expect(record.key.withUnsafeBytes { $0.baseAddress } != lent)
                #expect(Array(second.key) == data[1].0 && second.key.residence == .shared)
            }
        }
    }

    @Test("records dropped before the step are never copied: counters over a scan and a cursor walk")
    func droppedRecordsAreNotCopied() throws {
        try withStore("dropped") { engine in
            try fill(engine, records(0x11, count: 2000, size: 100))
            try engine.flush()
            let before = engine.statistics.snapshot()
            var total = 0
            try engine.read { txn in
                try txn.scan { key, value in total += key.count + value.count }
                var cursor = try txn.cursor()
                let lease = cursor.leases.key
                _ = try cursor.first()
                while try cursor.next() != nil {}
                #expect(lease.unpublishedCounters.sinksCopied == 0)
            }
            let d = engine.statistics.snapshot() - before
            #expect(total == 2000 * 104)
            #expect(d.sinksCopied == 0 && d.bytesCopied == 0 && d.arenasAllocated == 0 && d.expiries == 0, "\(d)")
            #expect(d.sinksRegistered >= 8000, "\(d)")
        }
    }

    @Test("pinData: kept values stay zero-copy for the whole scan and are copied into one arena when it ends; keys are copied per step")
    func pinDataKeepsValuesForTheScan() throws {
        try withStore("pindata", pinData: true) { engine in
            #expect(engine.capabilities.scanValues == .cursor && engine.capabilities.scans == .step)
            let data = records(0x12, count: 1000, size: 100)
            try fill(engine, data)
            try engine.flush()
            let before = engine.statistics.snapshot()
            var keys: [Bytes] = [], values: [Bytes] = []
            let held = try engine.read { txn -> [Record] in
                try txn.scan { key, value in
                    keys.append(key)
                    values.append(value)
                    #expect(values.first?.residence == .shared)
                }
                #expect(keys.allSatisfy { $0.residence == .copied }, "keys are lent for one step")
                // The scan closed its iterator when it returned: the values it lent were copied then.
                #expect(values.allSatisfy { $0.residence == .copied }, "values are copied when the scan ends")
                var cursor = try txn.cursor()
                var held: [Record] = []
                while let r = try cursor.next() { held.append(r) }
                #expect(held.allSatisfy { $0.value.residence == .shared }, "values are lent for the iterator's life")
                #expect(held.allSatisfy { $0.key.residence == .copied }, "keys are lent for one step")
                return held
            }
            #expect(values.allSatisfy { $0.residence == .copied }, "still copied after the transaction")
            let d = engine.statistics.snapshot() - before
            // Per scan: 1000 values into one arena at the end, 1000 keys inline at their steps.
            #expect(d.arenasAllocated == 2 && d.bytesCopied == 2 * (100_000 + 4000), "\(d)")
            #expect(held.allSatisfy { $0.value.residence == .copied })
            for (i, (k, v)) in data.enumerated() {
                #expect(Array(keys[i]) == k && Array(values[i]) == v)
            }
        }
    }

    @Test("a pinned get is zero-copy, never copied, outlives its transaction, writes, compaction and close, and unpins when dropped")
    func pinnedGetOutlivesEverything() throws {
        let path = ScratchDirectory("rocksdb-pinned").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try RocksDBEngine(options: testOptions(path))
        let data = records(0x13, count: 3000, size: 200)
        try fill(engine, data)
        try engine.flush()
        let idle = try engine.blockCachePinnedUsage
        // One value pins its block while it lives and unpins it when dropped.
        do {
            let value = try engine.read { try $0.get(data[10].0) }
            #expect(try engine.blockCachePinnedUsage > idle && value?.residence == .pinned)
        }
        #expect(try engine.blockCachePinnedUsage == idle)
        let before = engine.statistics.snapshot()
        var kept: Bytes? = try engine.read { txn in
            let value = try #require(try txn.get(data[1234].0))
            #expect(value.residence == .pinned)
            let pinned = value.withUnsafeBytes { $0.baseAddress }
            let block = try txn.withValue(forKey: data[1234].0) { (span: RawSpan) in span.withUnsafeBytes { $0.baseAddress } }
            #expect(pinned != nil && pinned == block, "get returned a copy, not the cached block")
            return value
        }
        #expect(try engine.blockCachePinnedUsage > idle, "the value keeps its block pinned")
        #expect(try engine.integerProperty("rocksdb.block-cache-pinned-usage").map(Int.init) == engine.blockCachePinnedUsage)
        // Overwrite and delete everything, compact the files away.
        try engine.write { txn in for (k, _) in data { try txn.put(k, [0xEE]) } }
        try engine.write { _ = try $0.deleteRange(.prefix([0x13])) }
        try engine.flush()
        try engine.compact()
        #expect(try engine.read { try $0.count() } == 0)
        #expect(try engine.blockCachePinnedUsage > idle, "still pinned after its file was compacted away")
        #expect(kept.map(Array.init) == data[1234].1 && kept?.residence == .pinned)
        try engine.close()
        #expect(RetiredCaches.isWaiting(engine.gate.adapter.cache), "a closed engine's cache waits for its pins")
        #expect(kept.map(Array.init) == data[1234].1 && kept?.residence == .pinned)
        let d = engine.statistics.snapshot() - before
        #expect(d.sinksRegistered == 0 && d.sinksCopied == 0, "a pinned value is no sink: \(d)")
        kept = nil
        #expect(!RetiredCaches.isWaiting(engine.gate.adapter.cache), "dropping the last pinned value destroyed the retired cache")
    }

    @Test("a get of a value still in the memtable is pinned too (RocksDB's own buffer), and slices share it")
    func memtableGetIsPinned() throws {
        try withStore("memtable") { engine in
            try engine.write { try $0.put(Bytes("k"), Bytes(String(repeating: "m", count: 50))) }
            let (value, slice) = try engine.read { txn -> (Bytes, Bytes) in
                let v = try #require(try txn.get(Bytes("k")))
                return (v, v.extracting(10 ..< 20))
            }
            #expect(value.residence == .pinned && slice.residence == .pinned)
            #expect(Array(slice) == Array(repeating: UInt8(ascii: "m"), count: 10))
        }
    }

    @Test("in a write transaction: the store's values are pinned, the transaction's own are lent until it ends")
    func writeTransactionReads() throws {
        try withStore("writereads") { engine in
            try engine.write { try $0.put(Bytes("stored"), Bytes(String(repeating: "s", count: 40))) }
            let (stored, own) = try engine.write { txn -> (Bytes, Bytes) in
                try txn.put(Bytes("own"), Bytes(String(repeating: "o", count: 40)))
                let stored = try #require(try txn.get(Bytes("stored")))
                let own = try #require(try txn.get(Bytes("own")))
                #expect(stored.residence == .pinned && own.residence == .shared)
                try txn.put(Bytes("own"), Bytes("overwritten"))
                #expect(own.residence == .shared, "overlay memory outlives updates")
                return (stored, own)
            }
            #expect(stored.residence == .pinned && own.residence == .copied)
            #expect(Array(own) == Array(String(repeating: "o", count: 40).utf8))
        }
    }

    @Test("seeking to a key the cursor itself lent, going backwards, with and without pinData", arguments: [false, true])
    func seekToOwnKey(_ pinData: Bool) throws {
        try withStore("seekown", pinData: pinData) { engine in
            let data = records(0x15, count: 300, size: 30)
            try fill(engine, data)
            try engine.flush()
            try engine.read { txn in
                var cursor = try txn.cursor()
                _ = try cursor.last()
                let record = try #require(try cursor.previous())
                let landed = try #require(try cursor.seek(record.key))
                #expect(Array(landed.key) == data[298].0 && Array(landed.value) == data[298].1)
                // The adapter's own cursor, given its own key buffer as the target.
                var raw = try txn.makeCursor()
                defer { raw.close() }
                #expect(try raw.last())
                #expect(try raw.previous())
                #expect(try raw.seek(raw.key))
                #expect(Array(raw.key) == data[298].0 && Array(raw.value) == data[298].1)
            }
        }
    }

    @Test("no snapshot or iterator outlives its transaction, escaped cursors included")
    func snapshotsReleased() throws {
        try withStore("snapshots") { engine in
            try fill(engine, records(0x14, count: 100, size: 10))
            var escaped = try engine.read { txn in
                #expect(try engine.integerProperty("rocksdb.num-snapshots") == 1)
                var cursor = try txn.cursor()
                _ = try cursor.first()
                var walk = try txn.records()
                _ = try walk.next()
                return cursor
            }
            #expect(try engine.integerProperty("rocksdb.num-snapshots") == 0)
            #expect(throws: LeaseholdError.transactionEnded) { _ = try escaped.next() }
            try engine.write { txn in
                _ = try txn.get(Bytes("x"))
                #expect(try engine.integerProperty("rocksdb.num-snapshots") == 1)
            }
            #expect(try engine.integerProperty("rocksdb.num-snapshots") == 0)
            try engine.close()  // with an iterator still open, RocksDB would abort here
        }
    }
}
