#if Etcd
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import Leasehold

/// One etcd `RangeResponse`, kept as the bytes gRPC received, with the place of every key and
/// value in them: the memory the etcd engine lends.
///
/// swift-protobuf would copy each key and value into a `Data` of its own; this walks the wire
/// format once (`RangeResponse.header.revision`, `kvs[].key`, `.mod_revision`, `.value`,
/// `more`, `count` — etcd's field numbers, see `Protos/`) and records offsets, so lending a value
/// is pointing into the response. The response's bytes stay alive and unchanged for the page's
/// life: the gRPC NIO transport hands over a `ByteBuffer` that this keeps (no copy); any other
/// transport's bytes are copied once into memory the page owns.
final class RangePage: @unchecked Sendable {  // immutable after init
    /// Where one record lies in ``bytes``.
    struct Entry {
        var keyStart: Int32
        var keyCount: Int32
        var valueStart: Int32
        var valueCount: Int32
        /// The revision of the key's last modification (for the conflict checks of writes).
        var modRevision: Int64
    }

    /// The response, valid while the page lives.
    let bytes: UnsafeRawBufferPointer
    /// The records in the order etcd sent them.
    let entries: [Entry]
    /// The store revision the response was read at.
    let revision: Int64
    /// Whether the range holds more keys than the limit let through.
    let more: Bool
    /// The number of keys in the whole range (etcd counts them regardless of the limit).
    let count: Int64

    /// What keeps ``bytes`` alive: the transport's buffer, or `nil` when the page owns a copy.
    private let keeper: GRPCNIOTransportBytes?

    init<B: GRPCContiguousBytes>(_ message: B) throws {
        if let transportBytes = message as? GRPCNIOTransportBytes {
            keeper = transportBytes
            // The buffer's storage does not move or change while a reference to it is held and
            // nothing writes through it: the pointer stays valid for the page's life.
            bytes = transportBytes.withUnsafeBytes { $0 }
        } else {
            keeper = nil
            bytes = message.withUnsafeBytes { source in
                let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(source.count, 1), alignment: 8)
                if !source.isEmpty { copy.copyMemory(from: source) }
                return UnsafeRawBufferPointer(rebasing: copy[..<source.count])
            }
        }
        var parsed = RangeResponseParser(bytes)
        do {
            try parsed.parse()
        } catch {
            if keeper == nil { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
            throw error
        }
        entries = parsed.entries
        revision = parsed.revision
        more = parsed.more
        count = parsed.count
    }

    deinit {
        if keeper == nil { bytes.baseAddress.map { UnsafeMutableRawPointer(mutating: $0).deallocate() } }
    }

    /// The key of record `i`.
    @inline(__always)
    func key(_ i: Int) -> UnsafeRawBufferPointer {
        let e = entries[i]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(e.keyStart) ..< Int(e.keyStart) + Int(e.keyCount)])
    }

    /// The value of record `i`.
    @inline(__always)
    func value(_ i: Int) -> UnsafeRawBufferPointer {
        let e = entries[i]
        return UnsafeRawBufferPointer(rebasing: bytes[Int(e.valueStart) ..< Int(e.valueStart) + Int(e.valueCount)])
    }

    /// Value `i` as a `Bytes` that keeps this whole page alive until it is dropped: zero-copy and
    /// never copied (``Bytes/Residence/pinned``). Point reads lend this way.
    func pinnedValue(_ i: Int) -> Bytes {
        let context = Unmanaged.passRetained(self).toOpaque()
        return Bytes(pinning: value(i), context: context) { context in
            Unmanaged<RangePage>.fromOpaque(context!).release()
        }
    }
}

/// The gRPC deserializer that turns a `RangeResponse` into a ``RangePage``.
struct RangePageDeserializer: MessageDeserializer {
    func deserialize<B: GRPCContiguousBytes>(_ serializedMessageBytes: B) throws -> RangePage {
        try RangePage(serializedMessageBytes)
    }
}

/// A response etcd sent that is not valid protobuf (or not a `RangeResponse`).
struct MalformedResponse: Error, CustomStringConvertible {
    var offset: Int
    var description: String { "malformed RangeResponse at byte \(offset)" }
}

/// Walks the protobuf wire format of a `RangeResponse` (field numbers of etcd's rpc.proto and
/// kv.proto), skipping fields it does not need.
struct RangeResponseParser {
    let bytes: UnsafeRawBufferPointer
    var entries: [RangePage.Entry] = []
    var revision: Int64 = 0
    var more = false
    var count: Int64 = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    mutating func parse() throws {
        guard bytes.count <= Int(Int32.max) else { throw MalformedResponse(offset: 0) }
        var reader = WireReader(bytes, from: 0, to: bytes.count)
        while let (field, wire) = try reader.tag() {
            switch (field, wire) {
            case (1, 2):  // ResponseHeader header
                var header = try reader.nested()
                while let (f, w) = try header.tag() {
                    if f == 3 && w == 0 { revision = Int64(bitPattern: try header.varint()) } else { try header.skip(w) }
                }
            case (2, 2):  // repeated mvccpb.KeyValue kvs
                var kv = try reader.nested()
                var entry = RangePage.Entry(keyStart: 0, keyCount: 0, valueStart: 0, valueCount: 0, modRevision: 0)
                while let (f, w) = try kv.tag() {
                    switch (f, w) {
                    case (1, 2):
                        let (start, n) = try kv.lengthDelimited()
                        entry.keyStart = Int32(start)
                        entry.keyCount = Int32(n)
                    case (3, 0):
                        entry.modRevision = Int64(bitPattern: try kv.varint())
                    case (5, 2):
                        let (start, n) = try kv.lengthDelimited()
                        entry.valueStart = Int32(start)
                        entry.valueCount = Int32(n)
                    default:
                        try kv.skip(w)
                    }
                }
                entries.append(entry)
            case (3, 0):  // bool more
                more = try reader.varint() != 0
            case (4, 0):  // int64 count
                count = Int64(bitPattern: try reader.varint())
            default:
                try reader.skip(wire)
            }
        }
    }
}

/// A cursor over protobuf wire-format bytes between two offsets.
struct WireReader {
    let bytes: UnsafeRawBufferPointer
    var position: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        self.bytes = bytes
        position = start
        self.end = end
    }

    /// The next field number and wire type, or `nil` at the end.
    mutating func tag() throws -> (Int, Int)? {
        guard position < end else { return nil }
        let key = try varint()
        let field = Int(truncatingIfNeeded: key >> 3)
        guard field > 0 else { throw MalformedResponse(offset: position) }
        return (field, Int(key & 7))
    }

    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < end && shift < 64 {
            let byte = bytes[position]
            position += 1
            result |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
        throw MalformedResponse(offset: position)
    }

    /// The offset and length of a length-delimited field's payload; moves past it.
    mutating func lengthDelimited() throws -> (Int, Int) {
        let length = try varint()
        guard length <= UInt64(end - position) else { throw MalformedResponse(offset: position) }
        let start = position
        position += Int(length)
        return (start, Int(length))
    }

    /// A reader over a length-delimited field's payload; moves past it.
    mutating func nested() throws -> WireReader {
        let (start, length) = try lengthDelimited()
        return WireReader(bytes, from: start, to: start + length)
    }

    /// Moves past a field of wire type `wire`.
    mutating func skip(_ wire: Int) throws {
        switch wire {
        case 0: _ = try varint()
        case 1: try advance(8)
        case 2: _ = try lengthDelimited()
        case 5: try advance(4)
        default: throw MalformedResponse(offset: position)
        }
    }

    private mutating func advance(_ n: Int) throws {
        guard end - position >= n else { throw MalformedResponse(offset: position) }
        position += n
    }
}
#endif
