import CLMDB
@_spi(Adapter) import LeaseholdCore

extension LMDBEngine: SnapshotEngine {
    /// A snapshot held as one open read transaction (`MDB_RDONLY`; environments are opened
    /// `MDB_NOTLS`, so it may be read from any thread, one read at a time).
    ///
    /// - warning: The snapshot holds a reader slot and pins the map's pages of its version until
    ///   it is released; while it is held, a write that must grow the map waits up to
    ///   ``Options/growthWaitSeconds`` and then throws ``LeaseholdError/busy(_:)``.
    public func makeSnapshot() throws -> (any StoreSnapshot<LMDBReader>)? { try gate.makeSnapshot() }
}

extension LMDBStore: SnapshotAdapter {
    /// A read transaction kept open between the snapshot's reads.
    struct HeldRead { let txn: OpaquePointer }

    func makeSnapshot() throws -> HeldRead { HeldRead(txn: try environment.beginHeldRead()) }

    func beginRead(_ lender: Lender, in snapshot: HeldRead) -> LMDBReader {
        LMDBReader(txn: snapshot.txn, store: self, lender: lender)
    }

    /// The core has closed the read's cursors; the transaction stays open.
    func endRead(_ reader: LMDBReader, in snapshot: HeldRead) {}

    func release(_ snapshot: HeldRead) { environment.endHeldRead(snapshot.txn) }
}

extension LMDBEnvironment {
    /// Begins a read transaction held across threads: counted as an open read (a map resize
    /// waits for it) but not as the calling thread's, as it may end on another.
    func beginHeldRead() throws(LeaseholdError) -> OpaquePointer {
        let txn = try beginRead()
        // `beginRead` counted the calling thread; a held read belongs to no thread.
        state.withLock { s in
            let thread = Self.currentThread
            if s.readingThreads[thread] == 1 { s.readingThreads[thread] = nil } else { s.readingThreads[thread]? -= 1 }
        }
        return txn
    }

    /// Ends a read transaction begun by ``beginHeldRead()``, from any thread.
    func endHeldRead(_ txn: OpaquePointer) {
        mdb_txn_abort(txn)
        state.withLock { $0.openReads -= 1 }
    }
}
