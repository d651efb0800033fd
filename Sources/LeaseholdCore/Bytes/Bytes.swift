/// A byte string read from a store or made by you: zero-copy while its lease lasts, then
/// transparently copied.
///
/// A `Bytes` returned by an engine points straight into the engine's memory (*shared*). It is
/// registered on the lease that owns that memory; the moment before the lease ends (a
/// transaction finishing, an LMDB write, an iterator step) it copies itself into private memory
/// (*copied*) — into one arena shared with every other value of that expiry, or inline when it
/// is short. You never see the change. A value you drop before its lease ends costs no copy.
///
/// Slices (``extracting(_:)``, `bytes[a..<b]`) share the same storage and stay on the same lease.
/// `Bytes` is not `Sendable`: a lease and its values live in one isolation domain. Use
/// ``ownedCopy()`` to get an ``OwnedBytes`` that crosses isolation domains.
public struct Bytes {
    /// The object that holds the bytes (`nil` when empty): a ``ByteStorage`` — the sink of a
    /// lent, copied, adopted or pinned value — when `start >= 0`, an ``OwnedByteStorage`` (bytes
    /// you made, in one allocation) when the sign bit of `start` is set. One plain reference
    /// rather than an enum of two: copying a `Bytes` is then a plain retain (an enum's copy goes
    /// through an outlined switch, ~12 instructions more per copy, measured).
    @usableFromInline var object: AnyObject?
    /// Where the bytes start in the object's bytes; the sign bit marks an owned storage.
    @usableFromInline var start: Int
    /// The number of bytes.
    public let count: Int

    @inlinable @inline(__always)
    init(object: AnyObject?, start: Int, count: Int) {
        self.object = object
        self.start = start
        self.count = count
    }

    @inlinable @inline(__always)
    init(storage: ByteStorage, offset: Int, count: Int) {
        self.init(object: storage, start: offset, count: count)
    }

    @inlinable @inline(__always)
    init(owned: OwnedByteStorage, count: Int) {
        self.init(object: owned, start: Int.min, count: count)
    }

    /// The sink behind a lent value, if it is one.
    @inlinable
    var storage: ByteStorage? {
        guard start >= 0, let object else { return nil }
        return unsafeDowncast(object, to: ByteStorage.self)
    }

    /// The empty byte string.
    @inlinable public init() { self.init(object: nil, start: 0, count: 0) }

    /// Copies `buffer` into a new owned byte string (one allocation).
    public init(copying buffer: UnsafeRawBufferPointer) {
        if buffer.isEmpty { self.init(); return }
        self.init(unsafeUninitializedCount: buffer.count) { $0.copyMemory(from: buffer) }
    }

    /// Copies `array` into a new owned byte string.
    public init(_ array: [UInt8]) {
        self = array.withUnsafeBytes { Bytes(copying: $0) }
    }

    /// The UTF-8 bytes of `string`.
    public init(_ string: String) {
        var string = string
        self = string.withUTF8 { Bytes(copying: UnsafeRawBufferPointer($0)) }
    }

    /// Makes an owned byte string of `count` bytes that `body` writes in place: the way to build
    /// bytes (an encoded key, say) without a second copy. One allocation, whatever the size.
    ///
    /// `body` must initialize every byte. If it throws, nothing is kept and the error is rethrown.
    /// - warning: Do not let the buffer escape `body`.
    @inlinable
    public init(unsafeUninitializedCount count: Int,
                initializingWith body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        precondition(count >= 0, "negative count")
        if count == 0 { self.init(); return }
        self.init(owned: try OwnedByteStorage.make(count: count, body), count: count)
    }

    /// Copies the bytes of `sequence`.
    public init<S: Sequence>(_ sequence: S) where S.Element == UInt8 {
        if let made = sequence.withContiguousStorageIfAvailable({ Bytes(copying: UnsafeRawBufferPointer($0)) }) {
            self = made
        } else {
            self.init(Array(sequence))
        }
    }

    /// Lends `buffer` under `lease`: the new value points into `buffer` without copying and is
    /// registered on `lease`, which copies it the moment before it expires.
    ///
    /// This is how adapters hand out engine memory. O(1); allocates the one small sink object.
    /// (A buffer of 4 GiB or more is copied at once instead: the sink keeps a 32-bit size.)
    ///
    /// - warning: `buffer` must stay valid and unchanged until `lease.expire()` is called.
    @_spi(Adapter) @inlinable
    public init(lending buffer: UnsafeRawBufferPointer, on lease: borrowing Lease) {
        self.init(storage: ByteStorage.make(lending: buffer, on: lease), offset: 0, count: buffer.count)
    }

    /// Adopts `buffer`, which an engine allocated for the caller alone (LevelDB's `leveldb_get`
    /// result, say): no copy, no lease; `release(context)` runs when the last value made from it
    /// (slices included) is gone. ``residence`` is `.owned`.
    ///
    /// This is the "owned lease" shape for memory that needs no expiry because nothing else can
    /// invalidate it. Allocates the one small storage object.
    /// - warning: After this call the buffer belongs to the `Bytes`: do not free or change it.
    @_spi(Adapter)
    public init(adopting buffer: UnsafeRawBufferPointer, context: UnsafeMutableRawPointer?,
                release: @convention(c) (UnsafeMutableRawPointer?) -> Void) {
        self.init(storage: ByteStorage(adopting: buffer, pinned: false, context: context, release: release),
                  offset: 0, count: buffer.count)
    }

    /// Keeps engine memory pinned for as long as the value lives: `buffer` stays valid until
    /// `release(context)` runs, when the last value made from it (slices included) is gone.
    /// ``residence`` is `.pinned`: zero-copy, and never copied.
    ///
    /// This is a lease owned by its one sink, for engines with reference-counted buffers: a
    /// RocksDB pinnable slice (`rocksdb_pinnableslice_destroy` is the release), a network
    /// response buffer, a page kept by a reference count.
    /// - warning: After this call the pin belongs to the `Bytes`: do not release it yourself.
    @_spi(Adapter)
    public init(pinning buffer: UnsafeRawBufferPointer, context: UnsafeMutableRawPointer?,
                release: @convention(c) (UnsafeMutableRawPointer?) -> Void) {
        self.init(storage: ByteStorage(adopting: buffer, pinned: true, context: context, release: release),
                  offset: 0, count: buffer.count)
    }

    /// A byte string that points into `buffer` but is registered on no lease: it ignores expiry.
    ///
    /// Exists only so that tests can build a deliberately broken sink and prove the conformance
    /// suite catches it. Never use it for real data.
    @_spi(Testing)
    public init(unregisteredPointingInto buffer: UnsafeRawBufferPointer) {
        self.init(storage: ByteStorage(unregisteredPointingInto: buffer), offset: 0, count: buffer.count)
    }

    /// Calls `body` with the bytes.
    ///
    /// - warning: Do not let the pointer escape `body`: the bytes may be copied elsewhere the
    ///   moment their lease ends (for example by a write inside `body`).
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        guard let object else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let start = start, count = count
        if start >= 0 {
            return try unsafeDowncast(object, to: ByteStorage.self).withBytes(offset: start, count: count, body)
        }
        return try unsafeDowncast(object, to: OwnedByteStorage.self).withUnsafeMutablePointerToElements {
            try body(UnsafeRawBufferPointer(start: $0 + (start & Int.max), count: count))
        }
    }

    /// Calls `body` with a `RawSpan` over the bytes: the safe way to read them without copying.
    @inlinable
    public func withRawSpan<R>(_ body: (RawSpan) throws -> R) rethrows -> R {
        try withUnsafeBytes { try body($0.bytes) }
    }

    /// The bytes in `range` (positions in this value, starting at 0), sharing this value's
    /// storage and lease: no copy. The result's positions start at 0 again.
    @inlinable
    public func extracting(_ range: Range<Int>) -> Bytes {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range out of bounds")
        if range.isEmpty { return Bytes() }
        return Bytes(object: object, start: start + range.lowerBound, count: range.count)
    }

    /// Where the bytes live now.
    public enum Residence: String, Sendable, Hashable, CustomStringConvertible {
        /// In memory lent by an engine, until the lease ends.
        case shared
        /// Copied to private memory when the lease ended.
        case copied
        /// Private memory from the start (made by you, or an engine that copies).
        case owned
        /// Engine memory this value keeps pinned until it is dropped (a RocksDB pinnable slice):
        /// zero-copy, never copied.
        case pinned

        /// `shared`, `copied`, `owned` or `pinned`.
        public var description: String { rawValue }
    }

    /// Where the bytes live now: useful in tests and tooling; code never needs to care.
    public var residence: Residence {
        switch storage?.state {
        case .shared?: return .shared
        case .copied?: return .copied
        case .pinned?: return .pinned
        case .owned?, .custom?, nil: return .owned  // adopted, made by you, or empty (never custom)
        }
    }

    /// A `Sendable` copy of the bytes, for crossing isolation domains.
    public func ownedCopy() -> OwnedBytes {
        OwnedBytes(withUnsafeBytes { [UInt8]($0) })
    }
}
