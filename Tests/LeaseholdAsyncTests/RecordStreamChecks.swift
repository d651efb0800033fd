// Shared with LeaseholdEtcdTests (a symlink there): the checks of streamed scans against the
// synchronous scan, for any AsyncStore.
import Leasehold
import LeaseholdAsync
import Testing

/// One record, owned.
struct StreamedRecord: Sendable, Hashable, CustomStringConvertible {
    let key: [UInt8]
    let value: [UInt8]
    var description: String { "\(Bytes(key)) = \(value.count) bytes" }
}

/// The records under a stream check's prefix: `count` keys `prefix + [i / 256, i % 256]` with
/// values of 0 to 2,999 bytes (so byte limits cut batches at varied places), every third left
/// out so exclusive and inclusive bounds on a missing key differ from those on a present one.
func streamCheckRecords(prefix: [UInt8], count: Int) -> [StreamedRecord] {
    var records: [StreamedRecord] = []
    for i in 0 ..< count where i % 3 != 2 {
        let key: [UInt8] = prefix + [UInt8(i / 256), UInt8(i % 256)]
        let size = (i * 7919) % 3000
        let value: [UInt8] = (0 ..< size).map { (j: Int) -> UInt8 in UInt8(truncatingIfNeeded: j &+ i) }
        records.append(StreamedRecord(key: key, value: value))
    }
    return records
}

/// Writes the records of ``streamCheckRecords(prefix:count:)`` through `store`.
func seedStreamCheck<E: Engine>(_ store: AsyncStore<E>, prefix: [UInt8], count: Int) async throws {
    let records = streamCheckRecords(prefix: prefix, count: count)
    for chunk in stride(from: 0, to: records.count, by: 100) {
        let part = Array(records[chunk ..< min(chunk + 100, records.count)])
        try await store.write { txn in for r in part { try txn.put(r.key, r.value) } }
    }
}

/// Every record of `range` by the synchronous closure scan, in one read transaction.
func syncScan<E: Engine>(_ store: AsyncStore<E>, _ range: KeyRange, reverse: Bool, limit: Int?) async throws -> [StreamedRecord] {
    try await store.read { txn in
        var out: [StreamedRecord] = []
        try txn.scan(range, reverse: reverse, limit: limit) { key, value in
            out.append(StreamedRecord(key: copied(key), value: copied(value)))
        }
        return out
    }
}

/// Every record of a stream, checking each batch against `batch` (at most `records` records, at
/// most `bytes` bytes unless it holds one record, never empty).
func drain(_ stream: RecordStream, batch: BatchLimit, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [StreamedRecord] {
    var out: [StreamedRecord] = []
    for try await records in stream {
        #expect(!records.isEmpty, sourceLocation: sourceLocation)
        #expect(records.count <= batch.records, sourceLocation: sourceLocation)
        #expect(records.count == 1 || records.byteCount <= batch.bytes, sourceLocation: sourceLocation)
        for record in records { out.append(StreamedRecord(key: copied(record.key), value: copied(record.value))) }
    }
    return out
}

/// Seeds records under `prefix` through `store` (nothing else may write under it meanwhile),
/// then checks that streamed scans yield exactly what the synchronous scan does — same keys and
/// values, in order — forward and reverse, with and without limits, for every kind of bound,
/// several batch limits and both consistencies. Returns the number of streams compared.
@discardableResult
func checkStreamsMatchSyncScan<E: Engine>(_ store: AsyncStore<E>, prefix: [UInt8], count: Int = 600) async throws -> Int {
    try await seedStreamCheck(store, prefix: prefix, count: count)
    let k = { (i: Int) in prefix + [UInt8(i / 256), UInt8(i % 256)] }
    let inside = KeyRange.prefix(prefix)
    // A present key (10, 400) and a missing one (11, 401: i % 3 == 2) at each end.
    let ranges: [KeyRange] = [
        inside,
        KeyRange(lower: .inclusive(k(10)), upper: .exclusive(k(400))),
        KeyRange(lower: .exclusive(k(10)), upper: .inclusive(k(400))),
        KeyRange(lower: .inclusive(k(11)), upper: .inclusive(k(401))),
        KeyRange(lower: .exclusive(k(11)), upper: .exclusive(k(401))),
        KeyRange(lower: .unbounded, upper: inside.upper),
        KeyRange(lower: inside.lower, upper: .unbounded),
        KeyRange(lower: .inclusive(k(50)), upper: .inclusive(k(50))),
        KeyRange(lower: .inclusive(k(51)), upper: .exclusive(k(52))),  // empty
    ]
    let batches = [BatchLimit.default, BatchLimit(records: 7), BatchLimit(records: 100, bytes: 5000), BatchLimit(records: 1000, bytes: 1)]
    var compared = 0
    for range in ranges {
        for reverse in [false, true] {
            for limit in [nil, 0, 1, 37] as [Int?] {
                let expected = try await syncScan(store, range, reverse: reverse, limit: limit)
                // One record per batch costs a hop per record: only with a limit.
                for batch in batches where limit != nil || batch.bytes > 1 {
                    for consistency in [StreamConsistency.snapshot, .perBatch] {
                        let stream = store.records(in: range, reverse: reverse, limit: limit, batch: batch, consistency: consistency)
                        let got = try await drain(stream, batch: batch)
                        #expect(got == expected, "\(range) reverse: \(reverse) limit: \(limit.map(String.init) ?? "nil") \(batch) \(consistency)")
                        compared += 1
                    }
                }
            }
        }
    }
    return compared
}

/// `bytes` as an array, copied with one memcpy: `Array(bytes)` goes byte by byte through the
/// generic iterator, which under ThreadSanitizer made the stream check take many minutes.
func copied(_ bytes: Bytes) -> [UInt8] {
    bytes.withUnsafeBytes { raw in
        [UInt8](unsafeUninitializedCapacity: raw.count) { buffer, count in
            if let base = raw.baseAddress, raw.count > 0 { UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: base, byteCount: raw.count) }
            count = raw.count
        }
    }
}
