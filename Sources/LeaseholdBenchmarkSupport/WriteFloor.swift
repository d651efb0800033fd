#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import LeaseholdCore

/// Records laid out back to back for a bulk load: `count` keys of `keyLength` bytes in `keys`
/// and `count` values of `valueLength` bytes in `values`, the same buffers for the floor and for
/// Leasehold, so neither side pays for making them.
///
/// - warning: Borrows both buffers: they must outlive every use of the value.
public struct FloorRecords {
    /// The keys, back to back.
    public let keys: UnsafeRawBufferPointer
    /// The values, back to back.
    public let values: UnsafeRawBufferPointer
    /// The length of each key.
    public let keyLength: Int
    /// The length of each value.
    public let valueLength: Int

    /// Records over `keys` and `values`; throws ``LeaseholdError/invalidArgument(_:)`` unless
    /// `values` holds a value for every key.
    public init(keys: UnsafeRawBufferPointer, keyLength: Int, values: UnsafeRawBufferPointer, valueLength: Int) throws {
        guard keyLength > 0, valueLength >= 0, values.count >= keys.count / keyLength * valueLength else {
            throw LeaseholdError.invalidArgument("records: \(keys.count) key bytes of \(keyLength), \(values.count) value bytes of \(valueLength)")
        }
        self.keys = keys
        self.values = values
        self.keyLength = keyLength
        self.valueLength = valueLength
    }

    /// The number of records.
    public var count: Int { keys.count / keyLength }

    /// The key of record `i`.
    @inlinable @inline(__always)
    public func key(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: keys.baseAddress! + i &* keyLength, count: keyLength)
    }

    /// The value of record `i`.
    @inlinable @inline(__always)
    public func value(_ i: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: values.baseAddress.map { $0 + i &* valueLength }, count: valueLength)
    }
}

/// The bare-API write of an engine: the floor the write benchmarks measure Leasehold's `put` and
/// commit against, in the same run.
public protocol BenchmarkWriteFloor: Engine {
    /// Writes every record of `records` with the engine's C API as a careful user would, committed
    /// atomically with the options the engine's own commit uses (LMDB: `mdb_put` with flags 0 in
    /// one write transaction; LevelDB and RocksDB: one `WriteBatch` written with the store's
    /// `sync` setting).
    func rawWrite(_ records: FloorRecords) throws
}

/// The Leasehold side of the write benchmarks, written once for every engine.
public enum WriteLoops {
    /// `txn.put` of every record of `records`.
    @inlinable
    public static func put<W: StoreWriter>(_ records: FloorRecords, in txn: WriteTransaction<W>) throws {
        for i in 0 ..< records.count { try txn.put(records.key(i), records.value(i)) }
    }
}
