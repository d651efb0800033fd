extension Key {
    /// The tuple of `elements`, packed: `Key("users", 42, "email")`.
    ///
    /// Each argument is one element; a `Key` argument is a nested tuple. For a null write
    /// `TupleNull()` or pass an `Optional` that is `nil`.
    @inlinable
    public init<each Element: TupleEncodable>(_ elements: repeat each Element) {
        var encoder = TupleEncoder(reservingCapacity: 32)
        repeat (each elements).encode(to: &encoder)
        self.init(packed: Bytes(encoder.bytes))
    }

    /// The tuple of `elements`, packed (for a list of values whose types vary at run time).
    public init(elements: some Sequence<any TupleEncodable>) {
        var encoder = TupleEncoder(reservingCapacity: 32)
        for element in elements { element.encode(to: &encoder) }
        self.init(packed: Bytes(encoder.bytes))
    }

    /// The tuple of `values`, packed.
    public init(_ values: [TupleValue]) {
        var encoder = TupleEncoder(reservingCapacity: 32)
        for value in values { value.encode(to: &encoder) }
        self.init(packed: Bytes(encoder.bytes))
    }

    /// The packed bytes of the tuple of `elements`, without making a `Key`.
    @inlinable
    public static func pack<each Element: TupleEncodable>(_ elements: repeat each Element) -> [UInt8] {
        var encoder = TupleEncoder(reservingCapacity: 32)
        repeat (each elements).encode(to: &encoder)
        return encoder.bytes
    }

    /// This tuple followed by `elements` (a `Key` argument is one nested element).
    @inlinable
    public func appending<each Element: TupleEncodable>(_ elements: repeat each Element) -> Key {
        var encoder = TupleEncoder(reservingCapacity: bytes.count + 16)
        bytes.withUnsafeBytes { encoder.appendPacked($0) }
        repeat (each elements).encode(to: &encoder)
        return Key(packed: Bytes(encoder.bytes))
    }

    /// This tuple followed by the elements of `other` (not nested): the same as `self + other`.
    public func appending(contentsOf other: Key) -> Key {
        var encoder = TupleEncoder(reservingCapacity: bytes.count + other.bytes.count)
        bytes.withUnsafeBytes { encoder.appendPacked($0) }
        other.bytes.withUnsafeBytes { encoder.appendPacked($0) }
        return Key(packed: Bytes(encoder.bytes))
    }

    /// The elements of `lhs` followed by those of `rhs`; packing is concatenation.
    public static func + (lhs: Key, rhs: Key) -> Key { lhs.appending(contentsOf: rhs) }

    /// Appends the elements of `rhs` to `lhs`.
    public static func += (lhs: inout Key, rhs: Key) { lhs = lhs.appending(contentsOf: rhs) }
}
