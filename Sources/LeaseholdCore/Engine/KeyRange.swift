/// A range of keys in memcmp order: each end open, inclusive or exclusive.
public struct KeyRange: Sendable, Hashable, CustomStringConvertible {
    /// One end of a range.
    public enum Bound: Sendable, Hashable {
        /// No limit on this side.
        case unbounded
        /// Includes this key.
        case inclusive([UInt8])
        /// Excludes this key.
        case exclusive([UInt8])
    }

    /// The low end.
    public var lower: Bound
    /// The high end.
    public var upper: Bound

    /// A range from `lower` to `upper`.
    public init(lower: Bound = .unbounded, upper: Bound = .unbounded) {
        self.lower = lower
        self.upper = upper
    }

    /// Every key.
    public static let all = KeyRange()

    /// Keys `> key`.
    public static func greaterThan(_ key: some Sequence<UInt8>) -> KeyRange { KeyRange(lower: .exclusive(Array(key))) }
    /// Keys `>= key`.
    public static func atLeast(_ key: some Sequence<UInt8>) -> KeyRange { KeyRange(lower: .inclusive(Array(key))) }
    /// Keys `< key`.
    public static func lessThan(_ key: some Sequence<UInt8>) -> KeyRange { KeyRange(upper: .exclusive(Array(key))) }
    /// Keys `<= key`.
    public static func atMost(_ key: some Sequence<UInt8>) -> KeyRange { KeyRange(upper: .inclusive(Array(key))) }

    /// Keys that start with `prefix` (including `prefix` itself).
    public static func prefix(_ prefix: some Sequence<UInt8>) -> KeyRange {
        let p = Array(prefix)
        if p.isEmpty { return .all }
        if let end = KeyRange.successor(ofPrefix: p) { return KeyRange(lower: .inclusive(p), upper: .exclusive(end)) }
        return KeyRange(lower: .inclusive(p))
    }

    /// `lower ..< upper`, with `Bytes` ends.
    public init(_ range: Range<Bytes>) {
        self.init(lower: .inclusive(Array(range.lowerBound)), upper: .exclusive(Array(range.upperBound)))
    }

    /// `lower ... upper`, with `Bytes` ends.
    public init(_ range: ClosedRange<Bytes>) {
        self.init(lower: .inclusive(Array(range.lowerBound)), upper: .inclusive(Array(range.upperBound)))
    }

    /// The smallest key greater than every key that starts with `prefix`, if one exists (it does
    /// not when the prefix is all `ff`).
    public static func successor(ofPrefix prefix: [UInt8]) -> [UInt8]? {
        var p = prefix
        while let last = p.last {
            if last == 0xff { p.removeLast() } else { p[p.count - 1] = last + 1; return p }
        }
        return nil
    }

    /// Whether `key` lies in the range.
    public func contains(_ key: UnsafeRawBufferPointer) -> Bool {
        !isBelowLower(key) && !isAboveUpper(key)
    }

    /// Whether `key` is below the low end.
    @inlinable
    public func isBelowLower(_ key: UnsafeRawBufferPointer) -> Bool {
        switch lower {
        case .unbounded: return false
        case .inclusive(let b): return b.withUnsafeBytes { Bytes.compare(key, $0) < 0 }
        case .exclusive(let b): return b.withUnsafeBytes { Bytes.compare(key, $0) <= 0 }
        }
    }

    /// Whether `key` is above the high end.
    @inlinable
    public func isAboveUpper(_ key: UnsafeRawBufferPointer) -> Bool {
        switch upper {
        case .unbounded: return false
        case .inclusive(let b): return b.withUnsafeBytes { Bytes.compare(key, $0) > 0 }
        case .exclusive(let b): return b.withUnsafeBytes { Bytes.compare(key, $0) >= 0 }
        }
    }

    public var description: String {
        func show(_ b: [UInt8]) -> String { Bytes(b).description }
        let lo: String
        switch lower {
        case .unbounded: lo = "(-∞"
        case .inclusive(let b): lo = "[" + show(b)
        case .exclusive(let b): lo = "(" + show(b)
        }
        let hi: String
        switch upper {
        case .unbounded: hi = "+∞)"
        case .inclusive(let b): hi = show(b) + "]"
        case .exclusive(let b): hi = show(b) + ")"
        }
        return lo + ", " + hi
    }
}
