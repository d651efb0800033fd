#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Ranges from keys of any byte form (`Key`, `Bytes`, `[UInt8]`, `Data`), and the narrowing
/// that pages through a range.
extension KeyRange {
    /// Keys `> key`: `.after(lastKey)`.
    public static func after(_ key: some ContiguousBytes) -> KeyRange { KeyRange(lower: .exclusive(bytes(key))) }

    /// Keys from `lower` (included) up to `upper` (excluded): `.from(a, to: b)`.
    public static func from(_ lower: some ContiguousBytes, to upper: some ContiguousBytes) -> KeyRange {
        KeyRange(lower: .inclusive(bytes(lower)), upper: .exclusive(bytes(upper)))
    }

    /// Keys from `lower` through `upper`, both included.
    public static func from(_ lower: some ContiguousBytes, through upper: some ContiguousBytes) -> KeyRange {
        KeyRange(lower: .inclusive(bytes(lower)), upper: .inclusive(bytes(upper)))
    }

    /// Keys `>= key`.
    public static func from(_ key: some ContiguousBytes) -> KeyRange { KeyRange(lower: .inclusive(bytes(key))) }

    /// The keys of this range that are `> key`: the next page of a forward walk whose last key was
    /// `key` (`Key("orders", 7).range.after(last)`). Empty if `key` is past the range's end.
    public func after(_ key: some ContiguousBytes) -> KeyRange {
        var narrowed = self
        let k = KeyRange.bytes(key)
        switch lower {
        case .unbounded: narrowed.lower = .exclusive(k)
        case .inclusive(let b): if KeyRange.order(k, b) >= 0 { narrowed.lower = .exclusive(k) }
        case .exclusive(let b): if KeyRange.order(k, b) > 0 { narrowed.lower = .exclusive(k) }
        }
        return narrowed
    }

    /// The keys of this range that are `< key`: the next page of a reverse walk whose last key was
    /// `key`. Empty if `key` is before the range's start.
    public func before(_ key: some ContiguousBytes) -> KeyRange {
        var narrowed = self
        let k = KeyRange.bytes(key)
        switch upper {
        case .unbounded: narrowed.upper = .exclusive(k)
        case .inclusive(let b): if KeyRange.order(k, b) <= 0 { narrowed.upper = .exclusive(k) }
        case .exclusive(let b): if KeyRange.order(k, b) < 0 { narrowed.upper = .exclusive(k) }
        }
        return narrowed
    }

    /// memcmp order of two keys: negative, zero or positive.
    static func order(_ a: [UInt8], _ b: [UInt8]) -> Int {
        a.withUnsafeBytes { a in b.withUnsafeBytes { b in Bytes.compare(a, b) } }
    }

    static func bytes(_ key: some ContiguousBytes) -> [UInt8] {
        key.withUnsafeBytes { Array($0) }
    }
}
