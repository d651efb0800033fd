/// A private, immutable copy of some bytes that may cross isolation domains.
///
/// Make one with ``Bytes/ownedCopy()``; turn it back into a `Bytes` with ``Bytes/init(_:)-(OwnedBytes)``
/// when you need the common type.
public struct OwnedBytes: Sendable, Hashable, Comparable, RandomAccessCollection, CustomStringConvertible {
    /// The bytes.
    public let array: [UInt8]

    /// Wraps `array`.
    public init(_ array: [UInt8]) { self.array = array }

    public var startIndex: Int { 0 }
    public var endIndex: Int { array.count }
    public subscript(position: Int) -> UInt8 { array[position] }

    /// memcmp order, a shorter prefix first.
    public static func < (lhs: OwnedBytes, rhs: OwnedBytes) -> Bool {
        lhs.array.withUnsafeBytes { a in rhs.array.withUnsafeBytes { b in Bytes.compare(a, b) < 0 } }
    }

    /// Calls `body` with the bytes. Do not let the pointer escape.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try array.withUnsafeBytes(body)
    }

    public var description: String { Bytes(array).description }
}

extension Bytes {
    /// Copies an owned value back into a `Bytes`.
    public init(_ owned: OwnedBytes) { self.init(owned.array) }
}
