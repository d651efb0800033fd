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

    /// A decoding with `decoder`'s user info.
    @usableFromInline
    init(_ decoder: TupleDecoder) {
        decoding = TupleDecoding(key: Key(), slot: .region(TupleRegion(0), depth: 0), userInfo: decoder.userInfo)
        decoding.keepsSpareCursor = true
    }

    /// Breaks the cycle between the decoding and its spare cursor.
    deinit { decoding.spareCursor = nil }

    /// Decodes the value of the record under `key` as a `T`; a `DecodingError` gets the key in its
    /// description, as ``TupleDecoder``'s own record decoding does.
    ///
    /// - warning: `Bytes` and ``Key`` fields of the result share `value`'s storage and lease; the
    ///   decoding itself lets go of `value` before returning.
    @usableFromInline
    func decode<T: Decodable>(_ type: T.Type, key: Key, value: Bytes) throws -> T {
        let decoding = decoding
        decoding.key = Key(packed: value)
        decoding.slot = .region(TupleRegion(value.count), depth: 0)
        decoding.codingPath = []
        decoding.layout = .positional
        // The record's bytes are not kept past this call: a lent value would otherwise be copied
        // when its lease ends.
        defer { decoding.key = Key() }
        do {
            return try decoding.decodeValue(T.self)
        } catch let error as DecodingError {
            throw error.naming(record: key)
        }
    }
}
