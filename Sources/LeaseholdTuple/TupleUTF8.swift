import LeaseholdCore
/// Finding where a string element stops being UTF-8 (the slow path, taken only on failure).
@usableFromInline
enum TupleUTF8 {
    /// The offset in the key of the first byte of the first invalid UTF-8 sequence in the
    /// (escaped) body `body` of a string element, or `nil` if it is valid.
    @usableFromInline
    static func firstInvalidOffset(in buffer: UnsafeRawBufferPointer, body: Range<Int>) -> Int? {
        // Unescape, remembering where each byte came from.
        var units: [UInt8] = []
        var offsets: [Int] = []
        var position = body.lowerBound
        while position < body.upperBound {
            units.append(buffer[position])
            offsets.append(position)
            position += buffer[position] == 0 ? 2 : 1
        }
        var i = 0
        while i < units.count {
            let lead = units[i]
            let needed: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xbf  // the allowed range of the second byte
            switch lead {
            case 0x00 ... 0x7f: i += 1; continue
            case 0xc2 ... 0xdf: needed = 1
            case 0xe0: needed = 2; low = 0xa0
            case 0xe1 ... 0xec, 0xee, 0xef: needed = 2
            case 0xed: needed = 2; high = 0x9f
            case 0xf0: needed = 3; low = 0x90
            case 0xf1 ... 0xf3: needed = 3
            case 0xf4: needed = 3; high = 0x8f
            default: return offsets[i]
            }
            guard i + needed < units.count else { return offsets[i] }
            guard units[i + 1] >= low && units[i + 1] <= high else { return offsets[i] }
            for k in 2 ..< needed + 1 where units[i + k] & 0xc0 != 0x80 { return offsets[i] }
            i += needed + 1
        }
        return nil
    }
}
