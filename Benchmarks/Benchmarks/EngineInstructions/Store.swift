import Foundation
import Leasehold
import LeaseholdLevelDB
import LeaseholdRocksDB
import ScanPasses

/// Which engine a run measures.
enum StoreKind: String, CaseIterable {
    case leveldb, rocksdb
    /// The RocksDB store opened with `pinData` (values lent for the whole scan).
    case rocksdbPinned = "rocksdb-pinned"
}

/// An open store of one of the step-lease engines. Tables are uncompressed and compacted, so the
/// raw loop is as cheap as the engine gets and Leasehold's share shows.
enum Store {
    case leveldb(LevelDBEngine)
    case rocksdb(RocksDBEngine)

    static func levelDBOptions(_ path: String) -> LevelDBEngine.Options {
        .init(path: path, syncWrites: false, compression: .none)
    }

    static func rocksDBOptions(_ path: String, pinData: Bool) -> RocksDBEngine.Options {
        .init(path: path, pinData: pinData, syncWrites: false, compression: .none, blockCacheSize: 64 << 20)
    }

    /// Builds the store of `kind` in `directory` (`Shape.records` records), compacted.
    static func prepare(_ kind: StoreKind, directory: String) throws {
        try? FileManager.default.removeItem(atPath: directory)
        switch kind {
        case .leveldb:
            let engine = try LevelDBEngine(options: levelDBOptions(directory))
            try Shape.fill(engine)
            try engine.compact()
            try engine.close()
        case .rocksdb, .rocksdbPinned:
            let engine = try RocksDBEngine(options: rocksDBOptions(directory, pinData: false))
            try Shape.fill(engine)
            try engine.flush()
            try engine.compact()
            try engine.close()
        }
    }

    static func open(_ kind: StoreKind, directory: String) throws -> Store {
        switch kind {
        case .leveldb: return .leveldb(try LevelDBEngine(options: levelDBOptions(directory)))
        case .rocksdb: return .rocksdb(try RocksDBEngine(options: rocksDBOptions(directory, pinData: false)))
        case .rocksdbPinned: return .rocksdb(try RocksDBEngine(options: rocksDBOptions(directory, pinData: true)))
        }
    }

    var statistics: LeaseStatistics {
        switch self {
        case .leveldb(let e): return e.statistics
        case .rocksdb(let e): return e.statistics
        }
    }

    func close() throws {
        switch self {
        case .leveldb(let e): try e.close()
        case .rocksdb(let e): try e.close()
        }
    }
}
