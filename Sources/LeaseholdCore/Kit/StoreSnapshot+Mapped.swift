/// A snapshot of an engine underneath, read through a wrapper's reader (``AnyEngine``'s
/// `AnyReader`, a namespace's `PrefixedReader`).
final class MappedSnapshot<Base: StoreReader, Reader: StoreReader>: StoreSnapshot {
    let base: any StoreSnapshot<Base>
    /// Wraps the base's reader (the transaction's scope and lender stay the base's).
    let wrap: @Sendable (Base) -> Reader
    /// The wrapper's manifest.
    let capabilities: Capabilities

    init(_ base: any StoreSnapshot<Base>, capabilities: Capabilities, wrap: @escaping @Sendable (Base) -> Reader) {
        self.base = base
        self.capabilities = capabilities
        self.wrap = wrap
    }

    func read<R>(_ body: (ReadTransaction<Reader>) throws -> R) throws -> R {
        try base.read { txn in
            try body(ReadTransaction(reader: wrap(txn.reader), scope: txn.scope, capabilities: capabilities))
        }
    }

    func release() { base.release() }
}

extension AnyEngine: SnapshotEngine {
    /// A snapshot of the engine underneath, or `nil` when it cannot hold one.
    ///
    /// - warning: The snapshot pins the store's old versions and keeps `close()` busy until it is
    ///   released.
    public func makeSnapshot() throws -> (any StoreSnapshot<AnyReader>)? {
        try Self.snapshot(of: base, capabilities: capabilities)
    }

    private static func snapshot<E: Engine>(of engine: E, capabilities: Capabilities) throws -> (any StoreSnapshot<AnyReader>)? {
        guard let snapshot = try engine.heldSnapshot() else { return nil }
        return MappedSnapshot(snapshot, capabilities: capabilities) { AnyReader($0) }
    }
}

extension PrefixedEngine: SnapshotEngine {
    /// A snapshot of the namespace (of the whole engine underneath, read through the prefix), or
    /// `nil` when the engine cannot hold one.
    ///
    /// - warning: The snapshot pins the store's old versions and keeps `close()` busy until it is
    ///   released.
    public func makeSnapshot() throws -> (any StoreSnapshot<PrefixedReader<Base.Reader>>)? {
        guard let snapshot = try base.heldSnapshot() else { return nil }
        let prefix = self.prefix
        return MappedSnapshot(snapshot, capabilities: capabilities) { PrefixedReader($0, prefix: prefix) }
    }
}
