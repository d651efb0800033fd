#if Etcd
import Leasehold

/// A cursor of an etcd read transaction: pages of a range request, stepped through in memory.
///
/// Moving inside the current page costs nothing; moving past it fetches the next page at the
/// transaction's revision (ascending from just after the current key, or descending from just
/// before it). Pages start small and double up to ``EtcdEngine/Options/pageSize``, so a short
/// scan fetches little.
///
/// With `scanLease: .step` the cursor lends under a lease of its own that ends each time it
/// fetches a page (``leaseEndsOnMove`` is `true`: a kept record is copied then, never before);
/// with `.transaction` it lends under the transaction's lease and the transaction keeps every
/// page.
///
/// Reverse moves cost the server more than forward ones: etcd sorts a descending range in full
/// before it applies the limit, so each reverse page reads every key below the cursor.
public final class EtcdCursor: EngineCursor {
    let transaction: EtcdReadTransaction
    /// The lease records are lent under: the cursor's own (page leases) or the transaction's.
    public let lease: Lease
    /// Whether a move may end ``lease``: `true` with page leases (only a move that fetches a
    /// page does).
    public let leaseEndsOnMove: Bool
    /// The page being stepped through, and how it was asked for.
    private var page: RangePage?
    private var descending = false
    /// The smallest page the cursor asks for after a jump (first, last, seek).
    private static let firstPage = 64
    private var nextLimit = EtcdCursor.firstPage

    enum Place { case beforeFirst, at(Int), afterLast }
    private var place = Place.beforeFirst
    /// The current key, in the response page.
    ///
    /// - warning: Valid until the cursor fetches another page (page leases) or the transaction
    ///   ends (transaction leases).
    public private(set) var currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
    /// The current value, in the response page.
    ///
    /// - warning: Valid as ``currentKey``.
    public private(set) var currentValue = UnsafeRawBufferPointer(start: nil, count: 0)

    init(transaction: EtcdReadTransaction) {
        self.transaction = transaction
        if transaction.engine.options.scanLease == .transaction {
            lease = transaction.lease
            leaseEndsOnMove = false
        } else {
            lease = Lease(statistics: transaction.engine.statistics)
            leaseEndsOnMove = true
        }
    }

    deinit {
        if leaseEndsOnMove { lease.end() }
    }

    /// The smallest key: every key etcd stores is at least one byte long.
    private static let lowest: [UInt8] = [0]

    public func first() throws -> Bool {
        nextLimit = Self.firstPage
        return try Self.lowest.withUnsafeBytes { try load(ascendingFrom: $0) }
    }

    public func last() throws -> Bool {
        nextLimit = Self.firstPage
        return try load(descendingBelow: [])
    }

    public func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        nextLimit = Self.firstPage
        return try load(ascendingFrom: key)
    }

    public func next() throws -> Bool {
        switch place {
        case .beforeFirst: return try first()
        case .afterLast:
            try transaction.checkActive()
            return false
        case .at(let i):
            try transaction.checkActive()
            let page = page!
            if !descending && i + 1 < page.entries.count { return land(i + 1) }
            if descending && i > 0 { return land(i - 1) }
            if !descending && !page.more { return settle(.afterLast) }
            // Just after the current key: the key followed by a zero byte.
            let after = Array(currentKey) + [0]
            return try after.withUnsafeBytes { try load(ascendingFrom: $0, growing: true) }
        }
    }

    public func previous() throws -> Bool {
        switch place {
        case .afterLast: return try last()
        case .beforeFirst:
            try transaction.checkActive()
            return false
        case .at(let i):
            try transaction.checkActive()
            let page = page!
            if descending && i + 1 < page.entries.count { return land(i + 1) }
            if !descending && i > 0 { return land(i - 1) }
            if descending && !page.more { return settle(.beforeFirst) }
            return try load(descendingBelow: Array(currentKey), growing: true)
        }
    }

    /// Fetches the page of keys `>= key` and lands on its first record.
    private func load(ascendingFrom key: UnsafeRawBufferPointer, growing: Bool = false) throws -> Bool {
        let limit = limitForFetch(growing)
        let fetched = try transaction.fetch(from: key, to: [], limit: limit, descending: false)
        transaction.reads?.noteAscending(from: key, page: fetched)
        replace(fetched, descending: false)
        return fetched.entries.isEmpty ? settle(.afterLast) : land(0)
    }

    /// Fetches the page of keys `< key` (every key when `key` is empty), highest first, and
    /// lands on its first record.
    private func load(descendingBelow key: [UInt8], growing: Bool = false) throws -> Bool {
        try transaction.checkActive()
        if key == Self.lowest {
            // Nothing sorts below the one-byte key 00 (and etcd would read a range end of 00
            // as "to the end").
            replaceWithNothing()
            return settle(.beforeFirst)
        }
        let limit = limitForFetch(growing)
        let fetched = try Self.lowest.withUnsafeBytes {
            try transaction.fetch(from: $0, to: key, limit: limit, descending: true)
        }
        transaction.reads?.noteDescending(below: key, page: fetched)
        replace(fetched, descending: true)
        return fetched.entries.isEmpty ? settle(.beforeFirst) : land(0)
    }

    private func limitForFetch(_ growing: Bool) -> Int {
        let pageSize = transaction.engine.options.pageSize
        if growing { nextLimit = min(nextLimit * 2, pageSize) }
        return min(nextLimit, pageSize)
    }

    /// Makes `fetched` the current page; with step leases, what was lent from the old page
    /// copies itself first.
    private func replace(_ fetched: RangePage, descending: Bool) {
        if leaseEndsOnMove { lease.expire() }
        page = fetched
        self.descending = descending
    }

    private func replaceWithNothing() {
        if leaseEndsOnMove { lease.expire() }
        page = nil
    }

    private func land(_ i: Int) -> Bool {
        place = .at(i)
        currentKey = page!.key(i)
        currentValue = page!.value(i)
        return true
    }

    private func settle(_ where: Place) -> Bool {
        place = `where`
        currentKey = UnsafeRawBufferPointer(start: nil, count: 0)
        currentValue = currentKey
        return false
    }
}
#endif
