#if Etcd
import Foundation
import LeaseholdCore

/// A cursor of an etcd transaction: pages of range requests at the transaction's revision,
/// stepped through in memory (the adapter tier; the core's cursor around it keeps its place and
/// leases).
///
/// Moving inside the current page costs nothing; moving past it fetches the next page
/// (ascending from just after the current key, or descending from just before it). Pages start
/// small and double up to ``EtcdEngine/Options/pageSize``, so a short scan fetches little.
///
/// Records point into the response page. With `scanLease: .step` they are borrowed until the
/// cursor fetches another page (``lending`` is ``CursorLending/step`` and
/// ``moveKeepsMemory(_:)`` exempts every move inside the page, so a kept record is copied when
/// its page goes, never before); with `.transaction` the reader keeps every page until the
/// transaction ends.
///
/// Reverse moves cost the server more than forward ones: etcd sorts a descending range in full
/// before it applies the limit, so each reverse page reads every key below the cursor.
public struct EtcdCursor: StoreCursor {
    let reader: EtcdReader
    /// How long records stay valid: until the next page, or the transaction's end.
    public let lending: CursorLending
    /// The page being stepped through (descending: highest key first) and the place in it.
    private var page: RangePage?
    private var descending = false
    private var index = 0
    /// The smallest page the cursor asks for after a jump (first, last, seek), and the next.
    private static let firstPage = 64
    private var limit = EtcdCursor.firstPage

    init(reader: EtcdReader) {
        self.reader = reader
        lending = reader.store.options.scanLease == .transaction ? .transaction : .step
    }

    /// The current key, in the response page.
    public var key: UnsafeRawBufferPointer { page!.key(index) }
    /// The current value, in the response page.
    public var value: UnsafeRawBufferPointer { page!.value(index) }

    /// Whether `move` stays inside the current page (fetches nothing, so what was lent stays).
    public func moveKeepsMemory(_ move: CursorMove) -> Bool {
        guard let page else { return false }
        switch move {
        case .jump: return false
        case .next: return descending ? index > 0 : index + 1 < page.entries.count
        case .previous: return descending ? index + 1 < page.entries.count : index > 0
        }
    }

    /// Fetches the first page (from key 00) and stands on its first record.
    public mutating func first() throws -> Bool {
        limit = Self.firstPage
        return try fetch(ascendingFrom: KeyInterval.lowest)
    }

    /// Fetches the last page (descending) and stands on its highest record.
    public mutating func last() throws -> Bool {
        limit = Self.firstPage
        return try fetch(descendingBelow: [])
    }

    /// Fetches the page of keys `>= key` (copied first: it may point into the current page).
    public mutating func seek(_ key: UnsafeRawBufferPointer) throws -> Bool {
        limit = Self.firstPage
        return try fetch(ascendingFrom: Array(key))
    }

    /// The next record: in the page, or the first of the page after the current key.
    public mutating func next() throws -> Bool {
        if moveKeepsMemory(.next) {
            index += descending ? -1 : 1
            return true
        }
        if !descending && !page!.more { return false }
        // Just after the current key: the key followed by a zero byte.
        let after = Array(key) + [0]
        return try fetch(ascendingFrom: after, growing: true)
    }

    /// The previous record: in the page, or the first of the descending page below the current key.
    public mutating func previous() throws -> Bool {
        if moveKeepsMemory(.previous) {
            index += descending ? 1 : -1
            return true
        }
        if descending && !page!.more { return false }
        let below = Array(key)
        return try fetch(descendingBelow: below, growing: true)
    }

    /// Fetches the page of keys `>= key` and stands on its first record.
    private mutating func fetch(ascendingFrom key: [UInt8], growing: Bool = false) throws -> Bool {
        let size = nextLimit(growing)
        let fetched = try reader.fetch(from: Data(key), to: [], limit: size, descending: false)
        reader.reads?.noteAscending(from: key, page: fetched)
        (page, descending, index) = (fetched, false, 0)
        return !fetched.entries.isEmpty
    }

    /// Fetches the page of keys `< key` (every key when `key` is empty), highest first, and
    /// stands on its first record.
    private mutating func fetch(descendingBelow key: [UInt8], growing: Bool = false) throws -> Bool {
        // Nothing sorts below the one-byte key 00 (and etcd would read a range end of 00 as
        // "to the end").
        if key == KeyInterval.lowest { return false }
        let size = nextLimit(growing)
        let fetched = try reader.fetch(from: Data(KeyInterval.lowest), to: key, limit: size, descending: true)
        reader.reads?.noteDescending(below: key, page: fetched)
        (page, descending, index) = (fetched, true, 0)
        return !fetched.entries.isEmpty
    }

    /// The limit of the next request: doubled for each page of one walk, up to the page size.
    private mutating func nextLimit(_ growing: Bool) -> Int {
        let pageSize = reader.store.options.pageSize
        if growing { limit = min(limit * 2, pageSize) }
        return min(limit, pageSize)
    }
}
#endif
