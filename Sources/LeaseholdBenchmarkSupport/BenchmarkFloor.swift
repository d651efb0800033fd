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
