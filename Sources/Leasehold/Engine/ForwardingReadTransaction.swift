/// A transaction whose read primitives are those of another transaction object: how an adapter
/// writes its read primitives once and gives them to both of its transaction types.
///
/// An adapter implements ``ReadTransaction`` in its read transaction class; its write
/// transaction class conforms to ``WriteTransaction`` and to this protocol and returns, as
/// ``reader``, a read transaction over the same state (the same LMDB `MDB_txn`, the same Memory
/// table, or a ``OverlayReader`` that merges pending writes with a snapshot). The read primitives
/// then come from the default implementations below, with no forwarding code in the adapter.
public protocol ForwardingReadTransaction: ReadTransaction where Cursor == Reader.Cursor {
    /// The type that implements the read primitives.
    associatedtype Reader: ReadTransaction
    /// The object that implements the read primitives; the same one for the transaction's life.
    var reader: Reader { get }
}

extension ForwardingReadTransaction {
    /// The reader's capabilities.
    @inlinable public var capabilities: Capabilities { reader.capabilities }

    /// The reader's value under `key`, lent under the reader's lease.
    @inlinable
    public func value(forKey key: UnsafeRawBufferPointer) throws -> Bytes? { try reader.value(forKey: key) }

    /// Calls `body` with the reader's value under `key`, or `nil`.
    ///
    /// - warning: The buffer is valid only inside `body`.
    @inlinable
    public func withValue<R>(forKey key: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer?) throws -> R) throws -> R {
        try reader.withValue(forKey: key, body)
    }

    /// A new cursor of the reader.
    @inlinable
    public func makeCursor() throws -> Cursor { try reader.makeCursor() }
}
