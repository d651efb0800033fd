#if Etcd
import GRPCCore
import GRPCNIOTransportHTTP2Posix
@_spi(Adapter) import LeaseholdCore

/// One etcd `RangeResponse`, kept as the bytes gRPC received, with the place of every key and
/// value in them: the memory the etcd engine lends.
///
/// swift-protobuf would copy each key and value into a `Data` of its own; this walks the wire
/// format once (`RangeResponse.header.revision`, `kvs[].key`, `.mod_revision`, `.value`,
/// `more` — etcd's field numbers, see `Protos/`) and records offsets, so lending a value is
/// pointing into the response. The response's bytes stay alive and unchanged for the page's
/// life: the gRPC NIO transport hands over a `ByteBuffer` that this keeps (no copy); any other
/// transport's bytes are copied once into one.
final class RangePage: @unchecked Sendable {  // immutable after init
    /// Where one record lies in ``bytes``.
    struct Entry {
        var keyStart: Int32 = 0
        var keyCount: Int32 = 0
        var valueStart: Int32 = 0
        var valueCount: Int32 = 0
        /// The revision of the key's last modification (for the conflict checks of writes).
        var modRevision: Int64 = 0
    }

    /// The response, valid while the page lives: ``keeper``'s storage does not move or change
    /// while it is held and nothing writes through it.
    let bytes: UnsafeRawBufferPointer
    private let keeper: GRPCNIOTransportBytes
    /// The records in the order etcd sent them.
    private(set) var entries: [Entry] = []
    /// The store revision the response was read at.
    private(set) var revision: Int64 = 0
    /// Whether the range holds more keys than the limit let through.
    private(set) var more = false

    init<B: GRPCContiguousBytes>(_ message: B) throws {
        keeper = message as? GRPCNIOTransportBytes ?? message.withUnsafeBytes { GRPCNIOTransportBytes($0) }
        bytes = keeper.withUnsafeBytes { $0 }
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
                var entry = Entry()
                while let (f, w) = try kv.tag() {
                    switch (f, w) {
                    case (1, 2): (entry.keyStart, entry.keyCount) = try kv.lengthDelimited()
                    case (3, 0): entry.modRevision = Int64(bitPattern: try kv.varint())
                    case (5, 2): (entry.valueStart, entry.valueCount) = try kv.lengthDelimited()
                    default: try kv.skip(w)
                    }
                }
                entries.append(entry)
            case (3, 0):  // bool more
                more = try reader.varint() != 0
            default:
                try reader.skip(wire)
            }
        }
    }

    /// The key of record `i`.
    func key(_ i: Int) -> UnsafeRawBufferPointer { slice(entries[i].keyStart, entries[i].keyCount) }
    /// The value of record `i`.
    func value(_ i: Int) -> UnsafeRawBufferPointer { slice(entries[i].valueStart, entries[i].valueCount) }

    @inline(__always)
    private func slice(_ start: Int32, _ count: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: bytes[Int(start) ..< Int(start) + Int(count)])
    }

    /// The last key of the page when the range holds more (where the next page starts).
    var lastKeyIfMore: [UInt8]? { more && !entries.isEmpty ? Array(key(entries.count - 1)) : nil }

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
    mutating func lengthDelimited() throws -> (Int32, Int32) {
        let length = try varint()
        guard length <= UInt64(end - position) else { throw MalformedResponse(offset: position) }
        let start = position
        position += Int(length)
        return (Int32(start), Int32(length))
    }

    /// A reader over a length-delimited field's payload; moves past it.
    mutating func nested() throws -> WireReader {
        let (start, length) = try lengthDelimited()
        return WireReader(bytes, from: Int(start), to: Int(start + length))
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
