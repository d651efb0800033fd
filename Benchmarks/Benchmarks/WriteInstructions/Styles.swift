import Foundation
import Leasehold
import LeaseholdBenchmarkSupport
import LeaseholdLMDB
import LeaseholdLevelDB
import LeaseholdRocksDB
import ScanPasses

/// The styles and the stores they run on. Writes load `Shape.records` records into a new, empty
/// store under DIR; reads and scans use the LMDB store `prepare` made in DIR/read.lmdb.
enum Styles {
    static let writes = ["rawPut", "put", "anyPut", "levelRawBatch", "levelCommit", "rocksRawBatch", "rocksCommit"]
    static let reads = [
        "rawGets", "gets", "withValue", "anyGets", "anyWithValue",
        "spans", "anySpans", "scan", "anyScan", "records", "anyRecords", "cursor", "anyCursor",
    ]
    static var names: [String] { writes + reads }

    nonisolated(unsafe) static var sink = 0
    /// How long the last measured call took (for `ratios`).
    nonisolated(unsafe) static var lastSeconds = 0.0

    /// Runs `body`, noting its wall time in ``lastSeconds``.
    static func timed<R>(_ body: () throws -> R) rethrows -> R {
        let start = ContinuousClock.now
        defer {
            let d = ContinuousClock.now - start
            lastSeconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        return try body()
    }

    /// The records of a bulk load, back to back (made once, outside every measured function).
    static let keyBytes: [UInt8] = (0 ..< Shape.records).flatMap { Shape.key($0) }
    static let valueBytes: [UInt8] = (0 ..< Shape.records).flatMap { Shape.value($0) }

    static func withRecords<R>(_ body: (FloorRecords) throws -> R) throws -> R {
        try keyBytes.withUnsafeBytes { k in
            try valueBytes.withUnsafeBytes { v in try body(FloorRecords(keys: k, keyLength: 16, values: v, valueLength: 100)) }
        }
    }

    static func lmdb(_ path: String) throws -> LMDBEngine {
        try LMDBEngine(options: .init(path: path, mapSize: 1 << 30, noSync: true))
    }

    /// Unsynchronised, uncompressed, with a write buffer that holds the whole load (no flush
    /// thread runs while it is counted).
    static func levelDB(_ path: String) throws -> LevelDBEngine {
        try LevelDBEngine(options: .init(path: path, syncWrites: false, compression: .none, writeBufferSize: 256 << 20))
    }

    static func rocksDB(_ path: String) throws -> RocksDBEngine {
        try RocksDBEngine(options: .init(path: path, syncWrites: false, compression: .none, writeBufferSize: 256 << 20))
    }

    /// A new, empty directory `name` under `directory`.
    static func fresh(_ directory: String, _ name: String) throws -> String {
        let path = directory + "/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func run(_ style: String, directory: String) throws {
        switch style {
        case "prepare":
            let engine = try lmdb(try fresh(directory, "read.lmdb"))
            try Shape.fill(engine)
            try engine.close()
        case "ratios":
            try Ratios.run(directory: directory)
        case _ where writes.contains(style):
            _ = keyBytes.count &+ valueBytes.count
            try runWrite(style, directory: directory)
        case _ where reads.contains(style):
            try runRead(style, directory: directory)
        default:
            throw LeaseholdError.invalidArgument("unknown style \(style)")
        }
        if sink == 42 { print(sink) }
    }

    static func runWrite(_ style: String, directory: String) throws {
        try withRecords { records in
            switch style {
            case "rawPut", "put", "anyPut":
                let engine = try lmdb(try fresh(directory, "write.lmdb"))
                defer { try? engine.close() }
                switch style {
                case "rawPut": try engine.write { txn in try timed { try measure_rawPut(txn, records) } }
                case "put": try engine.write { txn in try timed { try measure_put(txn, records) } }
                default: try AnyEngine(engine).write { txn in try timed { try measure_anyPut(txn, records) } }
                }
                sink &+= try engine.read { try $0.count() }
            case "levelRawBatch", "levelCommit":
                let engine = try levelDB(try fresh(directory, "write.leveldb"))
                defer { try? engine.close() }
                if style == "levelRawBatch" { try timed { try measure_levelRawBatch(engine, records) } } else { try timed { try measure_levelCommit(engine, records) } }
                sink &+= try engine.read { try $0.count() }
            default:
                let engine = try rocksDB(try fresh(directory, "write.rocksdb"))
                defer { try? engine.close() }
                if style == "rocksRawBatch" { try timed { try measure_rocksRawBatch(engine, records) } } else { try timed { try measure_rocksCommit(engine, records) } }
                sink &+= try engine.read { try $0.count() }
            }
        }
    }

    static func runRead(_ style: String, directory: String) throws {
        let engine = try lmdb(directory + "/read.lmdb")
        defer { try? engine.close() }
        let any = AnyEngine(engine)
        let keys = Shape.getKeys
        // Touch the map once so the measured pass is not the first.
        sink &+= try engine.read { try spansPass($0) }
        switch style {
        case "rawGets": sink &+= try engine.read { txn in timed { measure_rawGets(txn, keys) } }
        case "gets": sink &+= try engine.read { txn in try timed { try measure_gets(txn, keys) } }
        case "withValue": sink &+= try engine.read { txn in try timed { try measure_withValue(txn, keys) } }
        case "anyGets": sink &+= try any.read { txn in try timed { try measure_anyGets(txn, keys) } }
        case "anyWithValue": sink &+= try any.read { txn in try timed { try measure_anyWithValue(txn, keys) } }
        case "spans": sink &+= try timed { try measure_spans(engine) }
        case "anySpans": sink &+= try timed { try measure_anySpans(any) }
        case "scan": sink &+= try timed { try measure_scan(engine) }
        case "anyScan": sink &+= try timed { try measure_anyScan(any) }
        case "records": sink &+= try timed { try measure_records(engine) }
        case "anyRecords": sink &+= try timed { try measure_anyRecords(any) }
        case "cursor": sink &+= try timed { try measure_cursor(engine) }
        default: sink &+= try timed { try measure_anyCursor(any) }
        }
    }
}
