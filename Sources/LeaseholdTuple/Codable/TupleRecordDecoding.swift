import LeaseholdCore

/// Decodes the records of one scan with one decoding object and one top-level cursor, pointed at
/// each record in turn: a record then costs no allocation of the decoder's own (the keyed
/// container's box, which `KeyedDecodingContainer` makes, and the record's own `String`s remain).
///
/// One scan, one thread: made by the typed scan, used for its records one after another, dropped
/// when it returns.
@usableFromInline
final class TupleRecordDecoding {
    /// The reused decoding.
    let decoding: TupleDecoding
    /// Whether a decode is running (this thread's decoding is then not handed out again).
    var busy = false

    /// A decoding with `decoder`'s user info.
    @usableFromInline
    init(_ decoder: TupleDecoder) {
        decoding = TupleDecoding(key: Key(), slot: .region(TupleRegion(0), depth: 0), userInfo: decoder.userInfo)
        decoding.keepsSpareCursor = true
    }

    /// Breaks the cycle between the decoding and its spare cursor.
    deinit {
        decoding.spareCursor = nil
        decoding.reusedBox = nil
        decoding.reusedBoxCursor = nil
    }

    /// Decodes the value of the record under `key` as a `T`; a `DecodingError` gets the key in its
    /// description, as ``TupleDecoder``'s own record decoding does.
    ///
    /// - warning: `Bytes` and ``Key`` fields of the result share `value`'s storage and lease; the
    ///   decoding itself lets go of `value` before returning.
    @usableFromInline
    func decode<T: Decodable>(_ type: T.Type, key: Key, value: Bytes) throws -> T {
        do {
            return try decode(T.self, from: Key(packed: value), userInfo: decoding.userInfoValues)
        } catch let error as DecodingError {
            throw error.naming(record: key)
        }
    }

    /// Decodes the tuple `key` as a `T` with `userInfo`, marked busy meanwhile (a decode that
    /// starts inside this one's `init(from:)` makes a decoding of its own).
    ///
    /// - warning: `Bytes` and ``Key`` fields of the result share `key`'s storage; the decoding
    ///   itself lets go of `key` (and of `userInfo`) before returning.
    func decode<T: Decodable>(_ type: T.Type, from key: Key, userInfo: [CodingUserInfoKey: any Sendable]) throws -> T {
        let decoding = decoding
        busy = true
        decoding.key = key
        decoding.slot = .region(TupleRegion(key.bytes.count), depth: 0)
        decoding.codingPath = []
        decoding.layout = .positional
        decoding.userInfoValues = userInfo
        // The record's bytes are not kept past this call: a lent value would otherwise be copied
        // when its lease ends.
        defer {
            decoding.key = Key()
            // A decoder kept past this call (stored by an `init(from:)`) finds an empty tuple.
            decoding.slot = .region(TupleRegion(0), depth: 0)
            decoding.releaseSpareKeys()
            busy = false
        }
        return try decoding.decodeValue(T.self)
    }
}
