/// The storage of bytes made by you (``Bytes/init(copying:)``, ``Bytes/init(_:)-([UInt8])``,
/// ``Bytes/init(unsafeUninitializedCount:initializingWith:)``): one allocation holding the
/// object header and the bytes right after it, whatever their size. Never registered on a lease.
@usableFromInline
typealias OwnedByteStorage = ManagedBuffer<Void, UInt8>

extension ManagedBuffer where Header == Void, Element == UInt8 {
    /// A storage of `count` bytes that `body` writes in place; nothing is kept if it throws.
    @inlinable
    static func make(count: Int, _ body: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows -> OwnedByteStorage {
        let storage = OwnedByteStorage.create(minimumCapacity: count) { _ in }
        try storage.withUnsafeMutablePointerToElements { try body(UnsafeMutableRawBufferPointer(start: $0, count: count)) }
        return storage
    }

}
