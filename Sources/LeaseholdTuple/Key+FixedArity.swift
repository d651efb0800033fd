import LeaseholdCore
// Fixed-arity overloads of the variadic (parameter-pack) builders and decoders. The compiler
// specializes these fully; pack expansions are still run through generic metadata and witness
// tables, several times slower. Results are identical to the variadic forms.

extension Key {
    /// The tuple of one element (see the variadic `init(_ elements: repeat each Element)`).
    /// Not for bytes or a `Key` (see `Key+OneElement.swift`).
    @inlinable
    public init<A: TupleEncodable>(_ a: A) where A._KeyOfOne == _KeyOfOneAllowed {
        self.init(packed: TupleWriter.bytes { writer in a.encode(to: &writer) })
    }

    /// The tuple of two elements.
    @inlinable
    public init<A: TupleEncodable, B: TupleEncodable>(_ a: A, _ b: B) {
        self.init(packed: TupleWriter.bytes { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
        })
    }

    /// The tuple of three elements.
    @inlinable
    public init<A: TupleEncodable, B: TupleEncodable, C: TupleEncodable>(_ a: A, _ b: B, _ c: C) {
        self.init(packed: TupleWriter.bytes { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
            c.encode(to: &writer)
        })
    }

    /// The tuple of four elements.
    @inlinable
    public init<A: TupleEncodable, B: TupleEncodable, C: TupleEncodable, D: TupleEncodable>(_ a: A, _ b: B, _ c: C, _ d: D) {
        self.init(packed: TupleWriter.bytes { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
            c.encode(to: &writer)
            d.encode(to: &writer)
        })
    }

    /// The packed bytes of a one-element tuple.
    @inlinable
    public static func pack<A: TupleEncodable>(_ a: A) -> [UInt8] {
        TupleWriter.array { writer in
            a.encode(to: &writer)
        }
    }

    /// The packed bytes of a two-element tuple.
    @inlinable
    public static func pack<A: TupleEncodable, B: TupleEncodable>(_ a: A, _ b: B) -> [UInt8] {
        TupleWriter.array { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
        }
    }

    /// The packed bytes of a three-element tuple.
    @inlinable
    public static func pack<A: TupleEncodable, B: TupleEncodable, C: TupleEncodable>(_ a: A, _ b: B, _ c: C) -> [UInt8] {
        TupleWriter.array { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
            c.encode(to: &writer)
        }
    }

    /// The packed bytes of a four-element tuple.
    @inlinable
    public static func pack<A: TupleEncodable, B: TupleEncodable, C: TupleEncodable, D: TupleEncodable>(_ a: A, _ b: B, _ c: C, _ d: D) -> [UInt8] {
        TupleWriter.array { writer in
            a.encode(to: &writer)
            b.encode(to: &writer)
            c.encode(to: &writer)
            d.encode(to: &writer)
        }
    }

    /// This tuple followed by one element.
    @inlinable
    public func appending<A: TupleEncodable>(_ a: A) -> Key {
        Key(packed: TupleWriter.bytes { writer in
            bytes.withUnsafeBytes { writer.appendPacked($0) }
            a.encode(to: &writer)
        })
    }

    /// Decodes the first two elements.
    @inlinable
    public func decode<A: TupleDecodable, B: TupleDecodable>(_ a: A.Type, _ b: B.Type) throws(LeaseholdError) -> (A, B) {
        try withBuffer { (buffer) throws(LeaseholdError) -> (A, B) in
            var position = 0
            return (try decodeNext(A.self, buffer, &position, 0), try decodeNext(B.self, buffer, &position, 1))
        }
    }

    /// Decodes the first three elements.
    @inlinable
    public func decode<A: TupleDecodable, B: TupleDecodable, C: TupleDecodable>(
        _ a: A.Type, _ b: B.Type, _ c: C.Type
    ) throws(LeaseholdError) -> (A, B, C) {
        try withBuffer { (buffer) throws(LeaseholdError) -> (A, B, C) in
            var position = 0
            return (try decodeNext(A.self, buffer, &position, 0), try decodeNext(B.self, buffer, &position, 1),
                    try decodeNext(C.self, buffer, &position, 2))
        }
    }

    /// Decodes the first four elements.
    @inlinable
    public func decode<A: TupleDecodable, B: TupleDecodable, C: TupleDecodable, D: TupleDecodable>(
        _ a: A.Type, _ b: B.Type, _ c: C.Type, _ d: D.Type
    ) throws(LeaseholdError) -> (A, B, C, D) {
        try withBuffer { (buffer) throws(LeaseholdError) -> (A, B, C, D) in
            var position = 0
            return (try decodeNext(A.self, buffer, &position, 0), try decodeNext(B.self, buffer, &position, 1),
                    try decodeNext(C.self, buffer, &position, 2), try decodeNext(D.self, buffer, &position, 3))
        }
    }
}
