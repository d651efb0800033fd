/// The pending changes of one write transaction, for engines without transactions of their own
/// (LevelDB, RocksDB, a network store): puts, deletes and range deletes, looked up by key and
/// walked in key order, and turned into one atomic batch at commit.
///
/// Keys and values are copied into the overlay's own memory, which only grows: nothing it holds
/// is freed or moved before the overlay itself dies. So memory it lends stays valid for the whole
/// transaction, across every later update. A transaction that overwrites one key many times keeps every
/// version until it ends (the engine's write batch holds them all too).
///
/// Not `Sendable`: it belongs to one transaction on one thread.
public final class WriteOverlay {
    /// What the overlay knows about a key.
    public enum Lookup {
        /// The transaction has not touched the key: ask the store.
        case untouched
        /// The transaction deleted the key (by key or by range).
        case deleted
        /// The transaction stored this value. Valid as long as the overlay lives.
        case value(UnsafeRawBufferPointer)
    }

    /// One touched key: its bytes and its latest value (`nil`: deleted).
    struct Entry {
        var key: UnsafeRawBufferPointer
        var value: UnsafeRawBufferPointer?
    }

    // One transaction on one thread touches these, one call at a time: no dynamic exclusivity
    // checks (they cost more than the dictionary).
    @exclusivity(unchecked) private var memory = OverlayMemory()
    @exclusivity(unchecked) private(set) var entries: [Entry] = []
    @exclusivity(unchecked) private var index: [OverlayKey: Int] = [:]
    /// Entry numbers in key order; valid unless `orderIsStale`.
    @exclusivity(unchecked) private var order: [Int] = []
    @exclusivity(unchecked) private var orderIsStale = false
    /// Range deletes in the order they were made.
    @exclusivity(unchecked) private(set) var rangeDeletes: [KeyRange] = []
    /// Changes whenever positions in ``sortedEntries`` may have moved (a new key, a range
    /// delete), so cursors know to find their place again by key.
    @exclusivity(unchecked) private(set) var layoutVersion = 0
    /// An empty overlay.
    public init() {}

    /// Whether the transaction has changed nothing.
    public var isEmpty: Bool { entries.isEmpty && rangeDeletes.isEmpty }

    /// The number of distinct keys put or deleted (range deletes not counted).
    public var touchedKeyCount: Int { entries.count }

    /// Records a put of `value` under `key` (both copied).
    public func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        let stored = memory.copy(value)
        set(key, stored)
    }

    /// Records a delete of `key`.
    public func delete(key: UnsafeRawBufferPointer) {
        set(key, nil)
    }

    /// Records a delete of every key in `range`: keys the transaction touched in it become
    /// deletes, and the store's keys in it read as deleted from now on.
    public func deleteRange(_ range: KeyRange) {
        for i in entries.indices where entries[i].value != nil && range.contains(entries[i].key) {
            entries[i].value = nil
        }
        rangeDeletes.append(range)
        layoutVersion &+= 1
    }

    /// What the transaction did to `key`.
    public func lookup(_ key: UnsafeRawBufferPointer) -> Lookup {
        if let i = index[OverlayKey(key)] {
            return entries[i].value.map(Lookup.value) ?? .deleted
        }
        return isDeletedByRange(key) ? .deleted : .untouched
    }

    /// Whether a range delete of this transaction covers `key` (whatever was put after it).
    public func isDeletedByRange(_ key: UnsafeRawBufferPointer) -> Bool {
        for range in rangeDeletes where range.contains(key) { return true }
        return false
    }

    /// Applies the net effect of the transaction to `batch`, in an order that is correct to
    /// apply as one atomic batch: first every range delete, then each touched key's final put or
    /// delete, in key order. Buffers are valid while the overlay lives.
    public func apply<Batch: OverlayBatch>(to batch: inout Batch) throws {
        for range in rangeDeletes { try batch.deleteRange(range) }
        for i in sortedEntries() {
            let e = entries[i]
            if let value = e.value { try batch.put(key: e.key, value: value) } else { try batch.delete(key: e.key) }
        }
    }

    /// Entry numbers in key order.
    func sortedEntries() -> [Int] {
        if orderIsStale {
            order.sort { Bytes.compare(entries[$0].key, entries[$1].key) < 0 }
            orderIsStale = false
        }
        return order
    }

    private func set(_ key: UnsafeRawBufferPointer, _ value: UnsafeRawBufferPointer?) {
        // Hash once: insert the key's copy as a new entry; on the rare key already there, put
        // its entry number back and give the copy's memory back.
        let stored = memory.copy(key)
        let n = entries.count
        if let i = index.updateValue(n, forKey: OverlayKey(stored)) {
            index[OverlayKey(stored)] = i
            memory.giveBack(stored)
            entries[i].value = value
            return
        }
        entries.append(Entry(key: stored, value: value))
        // Keys written in ascending order (a bulk load) keep the order valid for free.
        if !orderIsStale, let last = order.last, Bytes.compare(entries[last].key, stored) > 0 {
            orderIsStale = true
        }
        order.append(n)
        layoutVersion &+= 1
    }
}

/// An engine's atomic write batch, as a ``WriteOverlay`` fills it at commit: the one protocol
/// an overlay engine implements for its writes (`@_spi(Adapter)` users: LevelDB, RocksDB, etcd).
public protocol OverlayBatch {
    /// Adds a put of `value` under `key` (copy them if the batch keeps them past the call).
    mutating func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) throws
    /// Adds a delete of `key`.
    mutating func delete(key: UnsafeRawBufferPointer) throws
    /// Adds a delete of every stored key in `range` (earlier in the batch than its puts).
    mutating func deleteRange(_ range: KeyRange) throws
}

/// A dictionary key over bytes that live elsewhere (in the overlay's memory, or a caller's buffer
/// for a lookup): hashed and compared by content, never copied.
struct OverlayKey: Hashable {
    let bytes: UnsafeRawBufferPointer

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    static func == (a: OverlayKey, b: OverlayKey) -> Bool {
        a.bytes.count == b.bytes.count && Bytes.compare(a.bytes, b.bytes) == 0
    }

    /// The length, then the bytes eight at a time (the last word zero-padded): `combine(bytes:)`
    /// feeds the hasher byte by byte and cost more than the rest of a put.
    func hash(into hasher: inout Hasher) {
        let n = bytes.count
        hasher.combine(n)
        guard let base = bytes.baseAddress else { return }
        var i = 0
        while i + 8 <= n {
            hasher.combine(base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[i...])) }
            hasher.combine(tail)
        }
    }
}

/// Append-only memory for an overlay's keys and values: chunks that are never moved or freed
/// before the overlay dies, so every buffer handed out stays valid that long.
struct OverlayMemory: ~Copyable {
    private static let chunkSize = 64 << 10
    private var chunks: [UnsafeMutableRawBufferPointer] = []
    private var used = 0

    /// A copy of `bytes` in overlay memory.
    mutating func copy(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        let n = bytes.count
        if n == 0 { return UnsafeRawBufferPointer(start: nil, count: 0) }
        if chunks.isEmpty || chunks[chunks.count - 1].count - used < n {
            chunks.append(.allocate(byteCount: max(Self.chunkSize, n), alignment: 8))
            used = 0
        }
        let target = chunks[chunks.count - 1].baseAddress!.advanced(by: used)
        target.copyMemory(from: bytes.baseAddress!, byteCount: n)
        used += n
        return UnsafeRawBufferPointer(start: target, count: n)
    }

    /// Frees `bytes`, the last copy made, for the next copy to reuse.
    mutating func giveBack(_ bytes: UnsafeRawBufferPointer) {
        guard let last = chunks.last, bytes.baseAddress == UnsafeRawPointer(last.baseAddress!.advanced(by: used - bytes.count)) else { return }
        used -= bytes.count
    }

    deinit { for chunk in chunks { chunk.deallocate() } }
}
