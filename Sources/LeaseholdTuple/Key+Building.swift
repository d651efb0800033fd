import LeaseholdCore
extension Key {
    /// The tuple of `elements`, packed: `Key("users", 42, "email")`.
    ///
    /// Each argument is one element; a `Key` argument is a nested tuple. For a null write
    /// `TupleNull()` or pass an `Optional` that is `nil`. One allocation: the elements are
    /// written on the stack and copied into the key's storage, or — past 128 bytes — measured
    /// by that pass and written again straight into storage of that size.
    ///
    /// Two elements or more: a single argument goes to `init(_:)` for one element, which does
    /// not take bytes or a `Key` (`Key(packed:)`, `Key(bytes:)`, `Key(nesting:)` say which).
    @inlinable
    public init<First: TupleEncodable, Second: TupleEncodable, each Element: TupleEncodable>(
        _ first: First, _ second: Second, _ elements: repeat each Element
    ) {
        self.init(packed: TupleWriter.bytes { writer in
            first.encode(to: &writer)
            second.encode(to: &writer)
            repeat (each elements).encode(to: &writer)
        })
    }

    /// The tuple of `elements`, packed (for a list of values whose types vary at run time).
    public init(elements: some Collection<any TupleEncodable>) {
        self.init(packed: TupleWriter.bytes { writer in for element in elements { element.encode(to: &writer) } })
    }

    /// The tuple of `values`, packed.
    public init(_ values: [TupleValue]) {
        self.init(packed: TupleWriter.bytes { writer in for value in values { value.encode(to: &writer) } })
    }

    /// The packed bytes of the tuple of `elements`, without making a `Key`.
    @inlinable
    public static func pack<each Element: TupleEncodable>(_ elements: repeat each Element) -> [UInt8] {
        TupleWriter.array { writer in repeat (each elements).encode(to: &writer) }
    }

    /// This tuple followed by `elements` (a `Key` argument is one nested element).
    @inlinable
    public func appending<each Element: TupleEncodable>(_ elements: repeat each Element) -> Key {
        Key(packed: TupleWriter.bytes { writer in
            bytes.withUnsafeBytes { writer.appendPacked($0) }
            repeat (each elements).encode(to: &writer)
        })
    }

    /// This tuple followed by the elements of `other` (not nested): the same as `self + other`.
    public func appending(contentsOf other: Key) -> Key {
        Key(packed: Bytes(unsafeUninitializedCount: bytes.count + other.bytes.count) { buffer in
            bytes.withUnsafeBytes { buffer.copyMemory(from: $0) }
            other.bytes.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: buffer[bytes.count...]).copyMemory(from: $0) }
        })
    }

    /// The elements of `lhs` followed by those of `rhs`; packing is concatenation.
    public static func + (lhs: Key, rhs: Key) -> Key { lhs.appending(contentsOf: rhs) }

    /// Appends the elements of `rhs` to `lhs`.
    public static func += (lhs: inout Key, rhs: Key) { lhs = lhs.appending(contentsOf: rhs) }
}
