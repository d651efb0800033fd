#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Bytes: RandomAccessCollection {
    public typealias Index = Int
    public typealias Element = UInt8
    public typealias Indices = Range<Int>
    /// Slices share the storage and the lease; positions of a slice are those of this value. Use
    /// ``extracting(_:)`` for a `Bytes` whose positions start at 0 again.
    public typealias SubSequence = Slice<Bytes>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var indices: Range<Int> { 0 ..< count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index out of range")
        return withUnsafeBytes { $0[position] }
    }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
    }
}

extension Bytes: Equatable, Hashable, Comparable {
    /// Byte-wise equality.
    @inlinable
    public static func == (lhs: Bytes, rhs: Bytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in Bytes.compare(a, b) == 0 } }
    }

    /// memcmp order, a shorter prefix first: the order of LMDB, LevelDB and RocksDB keys.
    @inlinable
    public static func < (lhs: Bytes, rhs: Bytes) -> Bool {
        lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in Bytes.compare(a, b) < 0 } }
    }

    /// Hashes the bytes (the same bytes hash the same, wherever they live).
    public func hash(into hasher: inout Hasher) {
        withUnsafeBytes { hasher.combine(bytes: $0) }
        hasher.combine(count)
    }

    /// Three-way memcmp comparison of two buffers, a shorter prefix first.
    @inlinable
    public static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let n = Swift.min(a.count, b.count)
        if n > 0 {
            let r = memcmp(a.baseAddress!, b.baseAddress!, n)
            if r != 0 { return Int(r) }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}

extension Bytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes as a Python-style literal: printable ASCII as is, the rest as `\xNN`.
    public var description: String {
        var out = "b'"
        withUnsafeBytes { buffer in
            for byte in buffer {
                switch byte {
                case UInt8(ascii: "\\"): out += "\\\\"
                case UInt8(ascii: "'"): out += "\\'"
                case 0x20 ..< 0x7f: out.unicodeScalars.append(Unicode.Scalar(byte))
                default:
                    let hex = String(byte, radix: 16)
                    out += hex.count == 1 ? "\\x0\(hex)" : "\\x\(hex)"
                }
            }
        }
        return out + "'"
    }

    /// The literal plus where the bytes live.
    public var debugDescription: String { "Bytes(\(description), \(count) bytes, \(residence))" }
}

extension Bytes: ExpressibleByArrayLiteral, ExpressibleByStringLiteral {
    /// Bytes from an array literal: `[0x00, 0xff]`.
    public init(arrayLiteral elements: UInt8...) { self.init(elements) }
    /// The UTF-8 bytes of a string literal.
    public init(stringLiteral value: String) { self.init(value) }
}
