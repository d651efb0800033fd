#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import LeaseholdCore
/// A tuple key: a sequence of typed elements packed in the FoundationDB tuple-layer format, so
/// that byte order (memcmp, the default of every engine) is tuple order.
///
/// Build one from Swift values — `Key("users", 42, "email")` — or wrap bytes read from a store
/// with ``init(packed:)-(Bytes)``: the key then *is* those bytes, lent from the engine under its
/// lease like any `Bytes`, and nothing is decoded until you ask for an element:
///
/// ```swift
/// try txn.scan(Key("users").range) { raw, value in
///     let key = Key(packed: raw)
///     let id = try key[1, as: Int.self]    // skips element 0, decodes element 1, no allocation
/// }
/// ```
///
/// Keys compare and hash by their bytes, never by decoding. `pack(a) + pack(b) == pack(a + b)`,
/// so ``+(_:_:)`` concatenates tuples and a key's bytes are a prefix of every longer key that
/// starts with its elements. A `Key` element inside another key is a *nested* tuple.
public struct Key {
    /// The packed bytes: lent from an engine, or owned.
    public let bytes: Bytes

    /// The key whose packed form is `bytes`. O(1): nothing is checked or decoded until an
    /// element is read (malformed bytes then throw `LeaseholdError/malformedTuple(offset:reason:)`).
    @inlinable
    public init(packed bytes: Bytes) { self.bytes = bytes }

    /// The key whose packed form is `bytes` (copied). Nothing is checked.
    @inlinable
    public init(packed bytes: [UInt8]) { self.bytes = Bytes(bytes) }

    /// The key whose packed form is an owned copy (a change feed's key, a batch sent across
    /// tasks; copied). Nothing is checked.
    @inlinable
    public init(packed owned: OwnedBytes) { self.bytes = Bytes(owned) }

    /// The key whose packed form is `bytes`, after checking that every element is well formed at
    /// every depth (strings included: their UTF-8 is validated). Still zero-copy. Nesting of any
    /// depth passes: only ``values()`` and the other whole-tuple decoders stop at
    /// ``maximumNestingDepth``.
    public init(validating bytes: Bytes) throws(LeaseholdError) {
        let key = Key(packed: bytes)
        try key.withBuffer { (buffer) throws(LeaseholdError) in try TupleScanner.validate(key, buffer) }
        self = key
    }

    /// The empty tuple (no bytes).
    @inlinable
    public init() { self.bytes = Bytes() }

    /// The number of packed bytes.
    @inlinable public var byteCount: Int { bytes.count }

    /// Whether the tuple has no elements.
    @inlinable public var isEmpty: Bool { bytes.isEmpty }

    /// A copy of the packed bytes.
    @inlinable public var packed: [UInt8] { Array(bytes) }

    /// The packed bytes in lowercase hexadecimal.
    public var hex: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        bytes.withUnsafeBytes { for b in $0 { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) } }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether this key's leading elements are exactly the elements of `prefix` (every key
    /// starts with the empty tuple). By bytes: no decoding.
    ///
    /// A `00 ff` where the prefix ends means the prefix's last `00` was an escape inside an
    /// element of this key, so the answer is `false`; no valid key has an `ff` where an element
    /// starts, so this only misjudges keys malformed right after the prefix.
    @inlinable
    public func starts(with prefix: Key) -> Bool {
        bytes.withUnsafeBytes { key in
            prefix.bytes.withUnsafeBytes { p in
                guard key.count >= p.count, TupleScanner.sameBytes(UnsafeRawBufferPointer(rebasing: key[..<p.count]), p) else {
                    return false
                }
                // `00 ff` right after the prefix would mean its last `00` was an escape, not an end.
                return key.count == p.count || key[p.count] != TupleCode.escape
            }
        }
    }

    /// The keys of every strictly longer tuple that starts with this one: `[pack(t)+00, pack(t)+ff)`,
    /// the range of the FoundationDB tuple layer. Use it directly in an engine scan.
    public var range: KeyRange {
        var lower = packed, upper = lower
        lower.append(0x00)
        upper.append(0xff)
        return KeyRange(lower: .inclusive(lower), upper: .exclusive(upper))
    }

    /// Like ``range`` but including this key itself: `[pack(t), pack(t)+ff)`.
    public var rangeIncludingSelf: KeyRange {
        var upper = packed
        upper.append(0xff)
        return KeyRange(lower: .inclusive(packed), upper: .exclusive(upper))
    }
}

extension Key: Equatable, Hashable, Comparable {
    /// Byte-wise equality: two keys are equal when their encodings are (so `-0.0 != 0.0`).
    @inlinable
    public static func == (lhs: Key, rhs: Key) -> Bool { lhs.bytes == rhs.bytes }

    /// Byte order, which is tuple order.
    @inlinable
    public static func < (lhs: Key, rhs: Key) -> Bool { lhs.bytes < rhs.bytes }

    /// Hashes the packed bytes.
    public func hash(into hasher: inout Hasher) { bytes.hash(into: &hasher) }
}

extension Key: ContiguousBytes {
    /// Calls `body` with the packed bytes, so a key can be passed wherever an engine takes one.
    ///
    /// - warning: Do not let the pointer escape `body`: lent bytes move when their lease ends.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }
}

extension Key: CustomStringConvertible, CustomDebugStringConvertible {
    /// The tuple as a Python literal, as ``TupleLiteral`` writes it; malformed bytes as hex.
    public var description: String {
        do { return TupleLiteral.format(try values()) } catch { return "<\(error): \(hex)>" }
    }

    /// The literal and where the bytes live.
    public var debugDescription: String { "Key(\(description), \(bytes.count) bytes, \(bytes.residence))" }
}
