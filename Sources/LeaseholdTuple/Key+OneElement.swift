#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
// `Key(x)` with one argument builds the one-element tuple of `x`. For bytes that is almost never
// what was meant (`Key(raw)` on a scanned key, `Key(k.packed)`: `Key(packed:)` was), and for a
// key it nests the key inside another. So those calls do not compile; the one-element tuples
// they used to build are spelled `Key(bytes:)` and `Key(nesting:)`.
//
// An `unavailable` overload is only chosen when no available one applies, so the generic
// one-element initialiser applies only to types whose `_KeyOfOne` is `_KeyOfOneAllowed` (the
// default); bytes-like types and `Key` declare `_KeyOfOneRefused` and land on the overloads below.

/// The default `TupleEncodable._KeyOfOne`: `Key(value)` builds the one-element tuple of `value`.
public enum _KeyOfOneAllowed {}

/// The `TupleEncodable._KeyOfOne` of `Bytes`, `[UInt8]` and `Key` (and of an `Optional` of
/// one): `Key(value)` does not compile; say `Key(packed:)`, `Key(bytes:)` or `Key(nesting:)`.
public enum _KeyOfOneRefused {}

extension Key {
    /// The tuple of one element, a byte string holding `bytes` (Python `(b'...',)`).
    ///
    /// This is what `Key(raw)` built before it stopped compiling. For bytes that already are a
    /// packed tuple (a key read from a store), use ``init(packed:)-(Bytes)`` instead.
    public init(bytes: some ContiguousBytes) {
        self.init(packed: TupleWriter.bytes { writer in bytes.withUnsafeBytes { writer.encodeBytes($0) } })
    }

    /// The tuple of one element, the tuple `key` nested (Python `((...),)`).
    ///
    /// This is what `Key(key)` built before it stopped compiling. A key needs no wrapping to be
    /// used as a key: pass it as it is.
    public init(nesting key: Key) {
        self.init(packed: TupleWriter.bytes { writer in key.encode(to: &writer) })
    }

    /// Does not compile: bytes alone are ambiguous.
    @available(*, unavailable, message: "use Key(packed: raw) for bytes that are a packed tuple, or Key(bytes: raw) for a tuple of one byte-string element")
    public init<Raw: TupleEncodable>(_ raw: Raw) where Raw._KeyOfOne == _KeyOfOneRefused {
        self.init(packed: TupleWriter.bytes { writer in raw.encode(to: &writer) })
    }

    /// Does not compile: `Data` alone is ambiguous.
    @available(*, unavailable, message: "use Key(packed: Bytes(data)) for bytes that are a packed tuple, or Key(bytes: data) for a tuple of one byte-string element")
    public init(_ data: Data) { self.init(bytes: data) }

    /// Does not compile: a slice of bytes alone is ambiguous.
    @available(*, unavailable, message: "use Key(packed: Bytes(slice)) for bytes that are a packed tuple, or Key(bytes: slice) for a tuple of one byte-string element")
    public init(_ slice: ArraySlice<UInt8>) { self.init(bytes: slice) }

    /// Does not compile: a key is already a key.
    @available(*, unavailable, message: "a Key is already a key: use it as it is, or Key(nesting: key) for a tuple of one element that is this tuple nested")
    public init(_ key: Key) { self.init(nesting: key) }
}
