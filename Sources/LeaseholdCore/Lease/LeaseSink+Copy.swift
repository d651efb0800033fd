/// The standard copy of a byte sink at expiry: what the lease does itself for every sink whose
/// bytes are lent (`_state == .shared`), without a call through the sink's class.
extension LeaseSink {
    /// Bytes that fit inline, in the registration words: a copy needs no arena and no allocation.
    /// 16-byte keys (a prefix and an 8-byte id) are common.
    @usableFromInline static let inlineCapacity = 16

    /// Copies the lent bytes of the sink `node` inline (up to ``inlineCapacity``) or into the
    /// expiry's arena, which the sink then holds (counted in its `sinkHolds`), and takes it off its lease. Called by the
    /// expiry walk once the sink is off the table. Each field is reached through the unmanaged
    /// reference on its own: no reference counting, and no closure the walk would call per sink.
    @inline(__always)
    static func _copyLentBytes(_ node: Unmanaged<LeaseSink>, _ copier: inout ExpiryCopier) {
        let (source, n) = node._withUnsafeGuaranteedRef { sink -> (UnsafeRawPointer?, Int) in
            sink._lease = nil
            sink._state = .copied
            return (sink._base, Int(sink._count))
        }
        guard let source else {  // nothing lent (an empty buffer without an address)
            node._withUnsafeGuaranteedRef { $0._registration = (0, 0) }
            return
        }
        if n <= inlineCapacity {
            let words = load16(source, n)
            node._withUnsafeGuaranteedRef { sink in
                sink._registration = (Int(bitPattern: words.0), Int(bitPattern: words.1))
                sink._base = nil
            }
            copier.noteInlineCopy(byteCount: n)
        } else {
            let (copy, arena) = copier._copyHeldBySink(UnsafeRawBufferPointer(start: source, count: n))
            node._withUnsafeGuaranteedRef { sink in
                sink._base = copy
                sink._registration = (Int(bitPattern: arena.toOpaque()), 0)
                sink._release = .arena
            }
        }
    }

    /// The `n <= 16` bytes at `source` as two words (the rest zero), as they lie in memory:
    /// overlapping loads, no stack buffer and no call to memcpy.
    @inline(__always)
    static func load16(_ source: UnsafeRawPointer, _ n: Int) -> (UInt, UInt) {
        // In little-endian terms, so the words hold the bytes in order on any platform.
        func load64(_ at: Int) -> UInt64 { UInt64(littleEndian: (source + at).loadUnaligned(as: UInt64.self)) }
        func load32(_ at: Int) -> UInt64 { UInt64(UInt32(littleEndian: (source + at).loadUnaligned(as: UInt32.self))) }
        var low: UInt64 = 0, high: UInt64 = 0
        if n >= 8 {
            // Two overlapping 8-byte loads cover 8...16 bytes: the second supplies bytes 8..<n.
            low = load64(0)
            if n > 8 { high = load64(n - 8) >> UInt64((16 - n) * 8) }
        } else if n >= 4 {
            low = load32(0) | (load32(n - 4) << UInt64((n - 4) * 8))
        } else {
            for i in 0 ..< n { low |= UInt64(source.load(fromByteOffset: i, as: UInt8.self)) << UInt64(i * 8) }
        }
        return (UInt(low.littleEndian), UInt(high.littleEndian))
    }
}
