import Foundation
import LeaseholdConformance
@_spi(Adapter) import LeaseholdCore
import LeaseholdRocksDB
import Testing

/// Persistence, read-only opens, compression, compaction, range deletes, concurrent writers and
/// closing, on real RocksDB stores.
@Suite("RocksDB store")
struct RocksDBStoreTests {
    /// Every stored key and value, in order.
    func contents(_ engine: RocksDBEngine) throws -> [([UInt8], [UInt8])] {
        try engine.read { txn in
            var all: [([UInt8], [UInt8])] = []
            try txn.scan { key, value in all.append((Array(key), Array(value))) }
            return all
        }
    }

    func same(_ a: [([UInt8], [UInt8])], _ b: [([UInt8], [UInt8])]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    @Test("committed data survives closing and reopening, flushed or still in the log; an aborted write does not")
    func reopen() throws {
        let path = ScratchDirectory("rocksdb-reopen").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let flushed = records(1, count: 3000, size: 50), logged = records(2, count: 500, size: 50)
        do {
            let engine = try RocksDBEngine(options: testOptions(path))
            try fill(engine, flushed)
            try engine.flush()
            try fill(engine, logged)
            struct Stop: Error {}
            #expect(throws: Stop.self) { try engine.write { txn in try txn.put([0xff], [1]); throw Stop() } }
            try engine.close()
        }
        let engine = try RocksDBEngine(path: path)
        defer { try? engine.close() }
        #expect(engine.options.syncWrites, "writes are synchronous by default")
        #expect(same(try contents(engine), flushed + logged))
    }

    @Test("read-only opens in this process, by any spelling of the path, read what was committed before them beside the writer, and refuse writes")
    func readOnlyOpen() throws {
        try withScratchDirectory("rocksdb-readonly") { path in
            let writer = try RocksDBEngine(options: testOptions(path))
            defer { try? writer.close() }
            let data = records(3, count: 200, size: 30)
            try fill(writer, data)
            var options = testOptions(path + "/.")
            options.readOnly = true
            let reader = try RocksDBEngine(options: options)  // takes no lock: the writer keeps it
            defer { try? reader.close() }
            let second = try RocksDBEngine(options: options)  // and read-only opens stand beside each other
            try writer.write { try $0.put([4], [4]) }  // after the read-only opens: not seen by them
            #expect(same(try contents(reader), data))
            #expect(same(try contents(second), data))
            try second.close()
            #expect(throws: LeaseholdError.readOnly) { try reader.write { try $0.put([5], [5]) } }
            #expect(try reader.read { try $0.get(data[7].0) }.map(Array.init) == data[7].1)
            #expect(try writer.read { try $0.count() } == 201)
        }
    }

    @Test("a writer opens beside a read-only open that came first, and closing either leaves the other working")
    func writerAfterReadOnlyOpen() throws {
        try withScratchDirectory("rocksdb-readonly-first") { path in
            let first = try RocksDBEngine(options: testOptions(path))
            try fill(first, records(5, count: 10, size: 10))
            try first.close()
            var options = testOptions(path)
            options.readOnly = true
            let reader = try RocksDBEngine(options: options)
            let writer = try RocksDBEngine(options: testOptions(path))
            try writer.write { try $0.put([6], [6]) }
            try reader.close()
            #expect(try writer.read { try $0.count() } == 11)
            try writer.close()
        }
    }

    @Test("every compression this build offers opens, stores, flushes and reads back; compression shrinks the files",
          arguments: RocksDBEngine.Compression.allCases)
    func compression(_ compression: RocksDBEngine.Compression) throws {
        let path = ScratchDirectory("rocksdb-compression-\(compression)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.compression = compression
        // Very compressible values: 1,000 bytes of one repeated pattern each.
        let data = (0 ..< 2000).map { i in ([0x63] + withUnsafeBytes(of: UInt32(i).bigEndian) { Array($0) }, [UInt8](repeating: UInt8(i % 7), count: 1000)) }
        let engine = try RocksDBEngine(options: options)
        try fill(engine, data)
        try engine.flush()
        let size = try engine.approximateSize()
        try engine.close()
        let reopened = try RocksDBEngine(options: options)
        defer { try? reopened.close() }
        #expect(same(try contents(reopened), data))
        if compression == .none { #expect(size >= 2_000_000) } else { #expect(size > 0 && size < 1_000_000, "\(compression): \(size) bytes") }
    }

    @Test("with a Bloom filter and few open files, gets of present and missing keys are right")
    func bloomFilter() throws {
        let path = ScratchDirectory("rocksdb-bloom").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.bloomFilterBitsPerKey = 10
        options.maxOpenFiles = 16
        options.writeBufferSize = 256 << 10  // several table files
        let engine = try RocksDBEngine(options: options)
        defer { try? engine.close() }
        let data = records(0x0b, count: 20_000, size: 40)
        for chunk in stride(from: 0, to: data.count, by: 2000) { try fill(engine, Array(data[chunk ..< chunk + 2000])) }
        try engine.flush()
        let (found, missing) = try engine.read { txn in
            (try data.filter { try txn.get($0.0).map(Array.init) == $0.1 }.count,
             try (0 ..< 2000).filter { try txn.get([0x0c, UInt8($0 >> 8), UInt8($0 & 0xff)]) == nil }.count)
        }
        #expect(found == data.count && missing == 2000)
    }

    @Test("compaction removes deleted data from the files; sizes follow; the data is intact")
    func compaction() throws {
        let path = ScratchDirectory("rocksdb-compaction").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.compression = .none
        let engine = try RocksDBEngine(options: options)
        defer { try? engine.close() }
        do {
            let data = records(6, count: 20_000, size: 100)
            try fill(engine, data)
            try engine.flush()
            let full = try engine.approximateSize()
            let half = try engine.approximateSize(of: .lessThan(data[10_000].0))
            #expect(full > 1_000_000 && half > full / 4 && half < full * 3 / 4, "\(half) of \(full)")
            #expect(try engine.approximateSize(of: .prefix([0x07])) == 0)
            // Overwrite everything and delete most; the files still hold the old records.
            try engine.write { txn in for (k, _) in data { try txn.put(k, [1]) } }
            try engine.write { _ = try $0.deleteRange(.greaterThan(data[999].0)) }
            try engine.flush()
            let overwritten = try engine.approximateSize()
            #expect(overwritten > full, "\(overwritten) after overwriting, \(full) before")
            try engine.compact()
            let compacted = try engine.approximateSize()
            #expect(compacted < full / 20, "\(compacted) after compaction, \(full) before")
            let kept = try contents(engine)
            #expect(kept.count == 1000 && kept.allSatisfy { $0.1 == [1] } && kept.map(\.0) == data.prefix(1000).map(\.0))
            try engine.compact(.prefix([0x06]))  // a range works too, and is harmless
            #expect(try engine.property("rocksdb.estimate-num-keys") != nil)
            #expect(try engine.property("rocksdb.no-such-property") == nil)
        }
    }

    @Test("range deletes of every bound kind, over flushed and unflushed data, as one batch with puts")
    func rangeDeletes() throws {
        try withStore("rangedelete") { engine in
            let data = records(8, count: 5000, size: 20)
            try fill(engine, data.prefix(2500).map { $0 })
            try engine.flush()
            try fill(engine, data.suffix(2500).map { $0 })
            let removed = try engine.write { txn -> Int in
                var n = try txn.deleteRange(KeyRange(lower: .exclusive(data[1000].0), upper: .inclusive(data[3000].0)))
                try txn.put(data[2000].0, [9])  // a put after the range delete survives it
                n += try txn.deleteRange(.atLeast(data[4900].0))  // open at the top
                return n
            }
            #expect(removed == 2000 + 100)
            let left = try contents(engine)
            let expected = data.prefix(1001).map(\.0) + [data[2000].0] + data[3001 ..< 4900].map(\.0)
            #expect(left.map(\.0) == expected)
            #expect(try engine.read { try $0.get(data[2000].0) }.map(Array.init) == [9])
            // Everything, then a store with nothing in it.
            #expect(try engine.write { try $0.deleteRange(.all) } == expected.count)
            #expect(try engine.read { try $0.count() } == 0)
            #expect(try engine.write { try $0.deleteRange(.all) } == 0)
        }
    }

    @Test("concurrent writers never lose an update; readers beside them always see whole commits")
    func concurrentWriters() throws {
        try withStore("concurrent") { engine in
            let threads = 4, increments = 150
            try engine.write { txn in
                try txn.put(Bytes("counter"), withUnsafeBytes(of: UInt64(0)) { Array($0) })
                try txn.put(Bytes("mirror"), withUnsafeBytes(of: UInt64(0)) { Array($0) })
            }
            let failures = Locked<[String]>([])  // pthread: TSan sees it (Mutex it cannot)
            DispatchQueue.concurrentPerform(iterations: threads + 1) { worker in
                do {
                    if worker == threads {
                        // A reader: counter and mirror are written in one batch, so always equal.
                        for _ in 0 ..< 300 {
                            let (a, b) = try engine.read { txn in
                                (try txn.get(Bytes("counter"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) },
                                 try txn.get(Bytes("mirror"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) })
                            }
                            if a != b { failures.withLock { $0.append("torn read \(a) \(b)") } }
                        }
                        return
                    }
                    for _ in 0 ..< increments {
                        try engine.write { txn in
                            let n = try txn.get(Bytes("counter"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } + 1
                            let bytes = withUnsafeBytes(of: n) { Array($0) }
                            try txn.put(Bytes("counter"), bytes)
                            try txn.put(Bytes("mirror"), bytes)
                        }
                    }
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 }.isEmpty)
            let total = try engine.read { try $0.get(Bytes("counter"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) } }
            #expect(total == UInt64(threads * increments))
            #expect(engine.capabilities.isolation == .serializable)
        }
    }

    @Test("close: busy inside a transaction; then every call throws storeClosed; twice is harmless")
    func closing() throws {
        let path = ScratchDirectory("rocksdb-close").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try RocksDBEngine(options: testOptions(path))
        try fill(engine, records(9, count: 100, size: 40))
        let busy = try engine.read { _ in Result { try engine.close() } }
        #expect(throws: LeaseholdError.self) { try busy.get() }
        if case .failure(LeaseholdError.busy) = busy {} else { Issue.record("expected busy, got \(busy)") }
        let scanned: [Bytes] = try engine.read { txn in
            var kept: [Bytes] = []
            try txn.scan(limit: 10) { _, value in kept.append(value) }
            return kept
        }
        try engine.close()
        try engine.close()
        #expect(throws: LeaseholdError.storeClosed) { try engine.read { _ in } }
        #expect(throws: LeaseholdError.storeClosed) { try engine.write { try $0.put([1], [1]) } }
        #expect(throws: LeaseholdError.storeClosed) { try engine.compact() }
        #expect(throws: LeaseholdError.storeClosed) { _ = try engine.approximateSize() }
        #expect(scanned.count == 10 && scanned.allSatisfy { $0.residence == .copied && $0.count == 40 })
        #expect(Array(scanned[3]) == records(9, count: 4, size: 40)[3].1)
    }
}
