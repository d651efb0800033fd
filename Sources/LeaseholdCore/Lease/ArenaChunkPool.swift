/// Arena chunks freed by their last sink, kept for the next large expiry.
///
/// Fresh memory costs a page fault per 4 KiB on first touch (measured on the development VM:
/// ~3 µs a page, ~75 ns per 100-byte value copied, several times the copy itself); a recycled
/// chunk has its pages already. Only chunks of ``ExpiryArena/maximumChunk`` bytes are kept, up
/// to a limit in bytes (``ExpiryArena/recycledChunkLimit`` for the process-wide pool); anything
/// else is freed. Thread-safe: arenas die wherever their last sink dies. The lock is a `Locked`
/// (pthread), not a `Mutex`: a chunk written by one thread and reused by another is ordered by
/// it, and ThreadSanitizer must see that order.
final class ArenaChunkPool: Sendable {
    /// The pool every ``ExpiryArena`` uses.
    static let shared = ArenaChunkPool(limit: 128 << 20)

    private struct State {
        /// Addresses of free chunks, most recently freed last (its pages are the warmest).
        var chunks: [UInt] = []
        var limit: Int
    }

    private let state: Locked<State>
    let chunkSize: Int

    init(limit: Int, chunkSize: Int = ExpiryArena.maximumChunk) {
        state = Locked(State(limit: limit))
        self.chunkSize = chunkSize
    }

    deinit { setLimit(0) }

    /// The most bytes of free chunks kept.
    var limit: Int { state.withLock { $0.limit } }

    /// The number of free chunks kept now.
    var count: Int { state.withLock { $0.chunks.count } }

    /// A free chunk of `chunkSize` bytes, if one is kept.
    func take() -> UnsafeMutableRawPointer? {
        state.withLock { UnsafeMutableRawPointer(bitPattern: $0.chunks.popLast() ?? 0) }
    }

    /// Keeps `chunk` (of `chunkSize` bytes, from `allocate(byteCount:alignment:)`) for reuse,
    /// or frees it when the pool is full.
    func give(_ chunk: UnsafeMutableRawPointer) {
        let kept = state.withLock { s -> Bool in
            guard (s.chunks.count + 1) * chunkSize <= s.limit else { return false }
            s.chunks.append(UInt(bitPattern: chunk))
            return true
        }
        if !kept { chunk.deallocate() }
    }

    /// Changes the limit, freeing kept chunks beyond it (the oldest first).
    func setLimit(_ bytes: Int) {
        let freed = state.withLock { s -> [UInt] in
            s.limit = max(0, bytes)
            let keep = s.limit / chunkSize
            guard s.chunks.count > keep else { return [] }
            let extra = Array(s.chunks[..<(s.chunks.count - keep)])
            s.chunks.removeFirst(s.chunks.count - keep)
            return extra
        }
        for chunk in freed { UnsafeMutableRawPointer(bitPattern: chunk)?.deallocate() }
    }
}
