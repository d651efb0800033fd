// The schema check of positional records: one tag byte per field, stored before the fields.

/// Field tags: what a positional keyed container (a struct's or class's) stores so the decoder
/// can tell that it reads the fields the encoder wrote.
///
/// The container's first element is a byte string with one tag per field, in encode order; the
/// fields' values follow. A tag is a hash of the field's key name folded to 1...255, never 0, so
/// the byte string needs no escapes. The decoder compares each field's tag with the stored one
/// at that position: a field stored under another name (reordered, renamed, or a field removed
/// before it) is caught, except when the two names' tags collide, which for unrelated names
/// happens once in 255 per position.
enum TupleSchema {
    /// The tag of `key`: FNV-1a over the UTF-8 of its `stringValue`, folded to 1...255.
    @inline(__always)
    static func tag(_ key: some CodingKey) -> UInt8 {
        var name = key.stringValue
        let hash = name.withUTF8 { utf8 in
            var hash: UInt32 = 2_166_136_261
            for byte in utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return hash
        }
        return UInt8(truncatingIfNeeded: hash % 255) &+ 1
    }

    /// Two hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }
}

extension TupleWriter {
    /// Inserts `byte` at `offset`, moving the bytes after it along (a measuring pass past the
    /// capacity only counts it: those bytes are written again into a buffer of the full size).
    mutating func insert(_ byte: UInt8, at offset: Int) {
        if position < capacity, let base {
            (base + offset + 1).copyMemory(from: base + offset, byteCount: position - offset)
            base.storeBytes(of: byte, toByteOffset: offset, as: UInt8.self)
        }
        position &+= 1
    }
}
