@_spi(Adapter) import LeaseholdCore
import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// LMDB return codes surface as the right `LeaseholdError` cases.
@Suite("LMDB error mapping")
struct LMDBErrorTests {
    @Test("LMDB's own MDB_BAD_VALSIZE: an empty or oversized key given straight to the primitives")
    func badValueSize() throws {
        let path = ScratchDirectory("lmdb-errors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let engine = try LMDBEngine(options: testOptions(path))
        defer { try? engine.close() }
        #expect(engine.capabilities.maxKeySize == 511)
        let long = [UInt8](repeating: 1, count: 600)
        #expect(throws: LeaseholdError.keyTooLarge(size: 600, limit: 511)) {
            try engine.write { txn in try long.withUnsafeBytes { k in try Bytes("v").withUnsafeBytes { try txn.put(key: k, value: $0) } } }
        }
        #expect(throws: LeaseholdError.invalidKey("empty key")) {
            try engine.write { txn in try Bytes("v").withUnsafeBytes { try txn.put(key: UnsafeRawBufferPointer(start: nil, count: 0), value: $0) } }
        }
        let count = try engine.read { try $0.count() }
        #expect(count == 0)
    }

    @Test("writes to a store opened read-only throw readOnly; reads work")
    func readOnly() throws {
        let path = ScratchDirectory("lmdb-readonly").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try LMDBEngine(options: testOptions(path))
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            try engine.close()
        }
        var options = testOptions(path)
        options.readOnly = true
        let engine = try LMDBEngine(options: options)
        defer { try? engine.close() }
        #expect(throws: LeaseholdError.readOnly) { try engine.write { try $0.put(Bytes("k"), Bytes("x")) } }
        let value = try engine.read { try $0.get(Bytes("k")) }
        #expect(value == Bytes("v"))
    }

    @Test("more concurrent readers than slots: readersFull")
    func readersFull() throws {
        let path = ScratchDirectory("lmdb-readers").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.maxReaders = 2
        let engine = try LMDBEngine(options: options)
        defer { try? engine.close() }
        let third: Result<Void, any Error> = try engine.read { _ in
            try engine.read { _ in Result { try engine.read { _ in } } }
        }
        #expect(throws: LeaseholdError.readersFull) { try third.get() }
        try engine.read { _ in }  // slots come back
    }

    @Test("a file that is not an LMDB store: corrupted")
    func notAStore() throws {
        let path = ScratchDirectory("lmdb-garbage").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 64 << 10).write(to: URL(fileURLWithPath: path + "/data.mdb"))
        #expect {
            _ = try LMDBEngine(options: testOptions(path))
        } throws: { error in
            if case LeaseholdError.corrupted(let what) = error { return !what.isEmpty }
            return false
        }
    }

    @Test("a missing store with createIfMissing off: notFound naming the directory")
    func missing() throws {
        var options = testOptions(ScratchDirectory("lmdb-missing").path)
        options.createIfMissing = false
        let error = try #require(throws: LeaseholdError.self) { _ = try LMDBEngine(options: options) }
        guard case .notFound(let what) = error else { Issue.record("\(error)"); return }
        #expect(what.contains(options.path))
    }

    @Test("nonsensical options: invalidArgument")
    func badOptions() {
        #expect(throws: LeaseholdError.self) { _ = try LMDBEngine(options: .init(path: "")) }
        #expect(throws: LeaseholdError.invalidArgument("a named LMDB database needs maxDatabases >= 1")) {
            _ = try LMDBEngine(options: .init(path: ScratchDirectory("lmdb-named").path, databaseName: "x"))
        }
    }

    @Test("a second open of one environment in the process throws locked, however the path is spelled; after close it opens again")
    func secondOpen() throws {
        let path = ScratchDirectory("lmdb-twice").path
        let link = path + "-link"
        defer {
            try? FileManager.default.removeItem(atPath: link)
            try? FileManager.default.removeItem(atPath: path)
        }
        let first = try LMDBEngine(options: testOptions(path))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        for spelling in [path, path + "/.", path + "/", link] {
            let error = try #require(throws: LeaseholdError.self) { _ = try LMDBEngine(options: testOptions(spelling)) }
            guard case .locked(let what) = error else { Issue.record("\(spelling): \(error)"); continue }
            #expect(what.contains(spelling), "\(what)")
        }
        try first.write { try $0.put(Bytes("k"), Bytes("v")) }  // the first open is unharmed
        try first.close()
        let again = try LMDBEngine(options: testOptions(link))
        #expect(try again.read { try $0.get(Bytes("k")) } == Bytes("v"))
        try again.close()
    }
}
