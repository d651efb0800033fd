#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
extension ReadTransaction {
    /// The value stored under `key`, decoded as a `T` from its tuple, or `nil` if there is none.
    ///
    /// The value is decoded straight from the engine's memory: no copy is made first, and a
    /// `Bytes` or ``Key`` field of `T` is a view on that memory, copied only if you keep it past
    /// its lease. See ``TupleDecoder`` for the mapping; a record that does not match `T` is a
    /// `DecodingError` naming the field, malformed bytes `LeaseholdError/malformedTuple(offset:reason:)`.
    ///
    /// ```swift
    /// let user = try txn.get(Key("users", 42), as: User.self)
    /// ```
    ///
    /// A record's fields are the elements of a tuple, so one of them reads without decoding the
    /// rest (field i is element i + 1, after the field tags):
    /// `try Key(packed: txn.get(key)!)[2, as: String.self]` reads the second field.
    public func get<T: Decodable>(_ key: some ContiguousBytes, as type: T.Type, using decoder: TupleDecoder = TupleDecoder()) throws -> T? {
        guard let value = try get(key) else { return nil }
        return try decoder.decode(T.self, from: value)
    }
}

extension WriteTransaction {
    /// Stores `value` under `key`, encoded as a tuple by ``TupleEncoder`` (no allocation for the
    /// bytes of a record up to 1 KiB); a value the format cannot hold throws an `EncodingError`
    /// before anything is written.
    ///
    /// For a value that is itself a byte string (`[UInt8]`, `Data`, `Bytes`), `put(_:_:)`
    /// stores the raw bytes; this method tuple-encodes any `Encodable`.
    public func put<T: Encodable>(_ key: some ContiguousBytes, encoding value: T, using encoder: TupleEncoder = TupleEncoder()) throws {
        try encoder.withEncoding(of: value) { bytes in try put(key, bytes) }
    }

    /// Stores `value` under `key`, encoded as a tuple: `try txn.put(Key("users", 42), user)`.
    ///
    /// The same as ``put(_:encoding:using:)``. Byte strings (`[UInt8]`, `Data`, `Bytes`)
    /// match the raw-bytes `put(_:_:)` instead.
    @_disfavoredOverload
    public func put<T: Encodable>(_ key: some ContiguousBytes, _ value: T) throws {
        try put(key, encoding: value)
    }
}
