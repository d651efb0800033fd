import LeaseholdCore

/// The bare-API loops of an engine, with no leases and no `Bytes`: the floor that benchmarks
/// (`leasehold bench`, the `Benchmarks` package) measure Leasehold against, in the same run.
///
/// A benchmark support target, not shipped with the adapters: each engine's floor is a file here,
/// written with the engine's C API as a careful user would call it (through the adapter's
/// `package` handles). Every loop does the same work per record as the benchmark's Leasehold
/// loops: it adds both lengths and the key's first byte, so neither side can skip reading the
/// memory.
public protocol BenchmarkFloor: Engine {
    /// One pass over every record of the store in key order, in one read transaction (or
    /// snapshot) of the bare API. Returns the sum of `key.count + value.count + key[0]`.
    func rawScanChecksum() throws -> Int

    /// Reads each of the keys — `keys.count / keyLength` keys of `keyLength` bytes, back to
    /// back — in one read transaction of the bare API. Returns the sum of the value lengths;
    /// throws ``LeaseholdError/notFound(_:)`` if one is missing.
    func rawGetChecksum(keys: UnsafeRawBufferPointer, keyLength: Int) throws -> Int
}

/// A bare iterator of an engine's C API: what each floor's scan loop walks.
public protocol RawRecordIterator {
    /// Moves to the next record (the first on the first call); whether there is one.
    mutating func next() -> Bool
    /// The current key, valid until the iterator moves.
    var key: UnsafeRawBufferPointer { get }
    /// The current value, valid until the iterator moves.
    var value: UnsafeRawBufferPointer { get }
}

/// A bare C iterator, walked forwards from its first record through an engine's
/// `IteratorFunctions`: no lease, no place, no checks.
///
/// - warning: ``key`` and ``value`` are valid only until the iterator moves; nothing copies them.
public struct RawIterator<Functions: IteratorFunctions>: RawRecordIterator {
    @usableFromInline let iterator: OpaquePointer
    @usableFromInline var started = false

    init(_ iterator: OpaquePointer) { self.iterator = iterator }

    /// One step (the first record on the first call); whether the iterator stands on a record.
    @inlinable @inline(__always)
    public mutating func next() -> Bool {
        if started { Functions.next(iterator) } else { Functions.seekToFirst(iterator); started = true }
        return Functions.isValid(iterator)
    }

    /// The current key.
    @inlinable public var key: UnsafeRawBufferPointer { Functions.key(iterator) }
    /// The current value.
    @inlinable public var value: UnsafeRawBufferPointer { Functions.value(iterator) }
}

/// The work every floor does per record and per key, written once.
public enum FloorLoops {
    /// Walks `iterator` to its end: the sum of `key.count + value.count + key[0]`.
    @inlinable
    public static func scanChecksum(_ iterator: inout some RawRecordIterator) -> Int {
        var total = 0
        while iterator.next() {
            let key = iterator.key
            total &+= key.count &+ iterator.value.count &+ Int(key[0])
        }
        return total
    }

    /// Reads each of the `keyLength`-byte keys in `keys` with `valueCount` (the value's length,
    /// `nil` when missing): the sum of the lengths; throws ``LeaseholdError/notFound(_:)`` for a
    /// missing key.
    @inlinable
    public static func getChecksum(
        keys: UnsafeRawBufferPointer, keyLength: Int, _ valueCount: (UnsafeRawBufferPointer) throws -> Int?
    ) throws -> Int {
        var total = 0
        var offset = 0
        while offset + keyLength <= keys.count {
            guard let count = try valueCount(UnsafeRawBufferPointer(rebasing: keys[offset ..< offset + keyLength])) else {
                throw LeaseholdError.notFound("a benchmark key")
            }
            total &+= count
            offset += keyLength
        }
        return total
    }
}
