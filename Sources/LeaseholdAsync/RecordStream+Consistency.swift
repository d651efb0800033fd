/// What a streamed scan's batches see of commits made while the stream runs.
public enum StreamConsistency: Sendable, Hashable {
    /// One snapshot for the whole stream: every batch reads the store as it was when the first
    /// batch was read, whatever is committed meanwhile.
    ///
    /// The snapshot is held without holding a thread, on engines that can (``SnapshotEngine``:
    /// LMDB, RocksDB, LevelDB, Memory, and ``AnyEngine`` or a namespace over one of them). It
    /// counts as a running transaction until the stream ends, fails, or is dropped (the engine's
    /// `close()` throws `busy` meanwhile) and pins the store's old versions. On an engine that
    /// cannot hold one (etcd, for now) the stream reads ``perBatch``.
    case snapshot
    /// Each batch in its own read transaction, starting just after the previous batch's last key.
    ///
    /// A batch sees the commits made before it was read: records inserted or changed ahead of
    /// the stream's position appear, records already passed are not revisited. Keys still come
    /// in order (or reverse order), each at most once. Holds nothing between batches.
    case perBatch
}
