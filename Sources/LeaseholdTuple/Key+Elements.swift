import LeaseholdCore
extension Key {
    /// One element of a packed key, found but not decoded: its type code and where its bytes
    /// are. Decode it with `key.decode(T.self, element)` on the key it came from.
    public struct Element: Sendable, Hashable {
        /// The type code (the element's first byte).
        public let code: UInt8
        /// The element's bytes in the key, type code and terminator included.
        public let range: Range<Int>
        /// Bytes or string: has `00 ff` escapes. Nested tuple: has null children.
        @usableFromInline let escaped: Bool

        @inlinable
        init(code: UInt8, start: Int, end: Int, escaped: Bool) {
            self.code = code
            self.range = start ..< end
            self.escaped = escaped
        }

        /// The kind of element.
        @inlinable
        public var kind: TupleElementKind { TupleElementKind(code: code)! }

        /// The bytes between a bytes, string or nested element's type code and terminator.
        @inlinable
        var body: Range<Int> { range.lowerBound + 1 ..< range.upperBound - 1 }

    }

    /// Walks a key's elements one at a time, without decoding or allocating.
    ///
    /// ```swift
    /// var elements = key.makeElementIterator()
    /// while let element = try elements.next() { print(element.kind) }
    /// ```
    public struct ElementIterator {
        /// The key walked.
        public let key: Key
        /// Where the next element starts.
        @inlinable public var offset: Int { position }
        /// How many elements were returned so far.
        @inlinable public var index: Int { count }
        @usableFromInline var position = 0
        @usableFromInline var count = 0

        @inlinable
        init(key: Key) { self.key = key }

        /// The next element, or `nil` at the end.
        @inlinable
        public mutating func next() throws(LeaseholdError) -> Element? {
            let start = position
            let element: Element? = try key.withBuffer { (buffer) throws(LeaseholdError) -> Element? in
                start < buffer.count ? try TupleScanner.element(in: buffer, at: start) : nil
            }
            guard let element else { return nil }
            position = element.range.upperBound
            count += 1
            return element
        }

        /// Decodes the next element as `T`; throws if there is none.
        @inlinable
        public mutating func next<T: TupleDecodable>(as type: T.Type) throws(LeaseholdError) -> T {
            let wanted = index
            guard let element = try next() else {
                try TupleScanner.fail(key.bytes.count, .missingElement(index: wanted))
            }
            return try T.decode(element, in: key)
        }
    }

    /// An iterator over the elements.
    @inlinable
    public func makeElementIterator() -> ElementIterator { ElementIterator(key: self) }

    /// Calls `body` with each element in order.
    @inlinable
    public func forEachElement(_ body: (Element) throws(LeaseholdError) -> Void) throws(LeaseholdError) {
        var elements = makeElementIterator()
        while let element = try elements.next() { try body(element) }
    }

    /// The element at `index` (elements before it are skipped, not decoded).
    @inlinable
    public func element(at index: Int) throws(LeaseholdError) -> Element {
        precondition(index >= 0, "negative element index")
        return try withBuffer { (buffer) throws(LeaseholdError) -> Element in try Self.element(at: index, in: buffer) }
    }

    /// The element at `index` of the packed tuple `buffer`.
    @inlinable
    static func element(at index: Int, in buffer: UnsafeRawBufferPointer) throws(LeaseholdError) -> Element {
        var position = 0
        var i = 0
        while position < buffer.count {
            let element = try TupleScanner.element(in: buffer, at: position)
            if i == index { return element }
            position = element.range.upperBound
            i += 1
        }
        try TupleScanner.fail(buffer.count, .missingElement(index: index))
    }

    /// Decodes the element that starts at `position` of `buffer` (this key's bytes) as `T` and
    /// moves `position` past it; `index` is its number, for the error when there is none.
    @inlinable @inline(__always)
    func decodeNext<T: TupleDecodable>(_ type: T.Type, _ buffer: UnsafeRawBufferPointer, _ position: inout Int, _ index: Int) throws(LeaseholdError) -> T {
        guard position < buffer.count else { try TupleScanner.fail(buffer.count, .missingElement(index: index)) }
        let element = try TupleScanner.element(in: buffer, at: position)
        position = element.range.upperBound
        return try T._decode(element, in: self, buffer: buffer)
    }

    /// The number of elements (walks the key).
    @inlinable
    public func elementCount() throws(LeaseholdError) -> Int {
        var elements = makeElementIterator()
        while try elements.next() != nil {}
        return elements.index
    }

    /// Decodes `element`, an element of this key, as `T`.
    @inlinable
    public func decode<T: TupleDecodable>(_ type: T.Type = T.self, _ element: Element) throws(LeaseholdError) -> T {
        try T.decode(element, in: self)
    }

    /// Decodes the element at `index` as `T`: `try key.decode(Int.self, at: 1)`.
    @inlinable
    public func decode<T: TupleDecodable>(_ type: T.Type = T.self, at index: Int) throws(LeaseholdError) -> T {
        precondition(index >= 0, "negative element index")
        return try withBuffer { (buffer) throws(LeaseholdError) -> T in
            try T._decode(Self.element(at: index, in: buffer), in: self, buffer: buffer)
        }
    }

    /// The element at `index` decoded as `T`: `try key[1, as: Int.self]`.
    @inlinable
    public subscript<T: TupleDecodable>(index: Int, as type: T.Type) -> T {
        get throws(LeaseholdError) { try decode(T.self, at: index) }
    }

    /// Decodes the leading elements, one per type, in one walk:
    /// `let (table, id) = try key.decode(String.self, Int.self)`. Elements after them are
    /// ignored; too few elements throw `TupleMalformation/missingElement(index:)`.
    @inlinable
    public func decode<each T: TupleDecodable>(_ types: repeat (each T).Type) throws(LeaseholdError) -> (repeat each T) {
        try withBuffer { (buffer) throws(LeaseholdError) -> (repeat each T) in
            var position = 0
            var index = 0
            func next<U: TupleDecodable>(_ type: U.Type) throws(LeaseholdError) -> U {
                defer { index += 1 }
                return try decodeNext(U.self, buffer, &position, index)
            }
            return (repeat try next((each T).self))
        }
    }

    /// How deeply tuples may nest for the decoders that build the whole tuple at once:
    /// ``values()``, ``description``, ``TupleValue`` decoding, the literal parser and the Codable
    /// ``TupleDecoder``. Deeper input is `TupleMalformation/nestedTooDeeply(limit:)` (or a
    /// ``TupleLiteralError``), never a stack overflow.
    ///
    /// 128 levels: far beyond any real key, and a bounded, small stack for the recursive
    /// decoders on any thread. Lazy access (``element(at:)``, ``ElementIterator``, `key[i, as:]`,
    /// ``init(validating:)``) is iterative and has no limit.
    public static let maximumNestingDepth = 128

    /// Every element decoded into a ``TupleValue`` (allocates; for tools and tests).
    ///
    /// Throws `TupleMalformation/nestedTooDeeply(limit:)` for tuples nested more than
    /// ``maximumNestingDepth`` levels.
    public func values() throws(LeaseholdError) -> [TupleValue] {
        try withBuffer { (buffer) throws(LeaseholdError) in
            try TupleValue.decodeChildren(in: self, buffer, 0 ..< buffer.count, nested: false, depth: 0)
        }
    }

    /// The tuple of the first `count` elements (fewer if there are fewer): zero-copy.
    public func prefix(_ count: Int) throws(LeaseholdError) -> Key {
        Key(packed: bytes.extracting(0 ..< (try offset(ofElement: count))))
    }

    /// The tuple without its first `count` elements: zero-copy.
    public func dropFirst(_ count: Int) throws(LeaseholdError) -> Key {
        Key(packed: bytes.extracting((try offset(ofElement: count)) ..< bytes.count))
    }

    /// Where element `index` starts, or the byte count if there are not that many.
    func offset(ofElement index: Int) throws(LeaseholdError) -> Int {
        precondition(index >= 0, "negative element count")
        var elements = makeElementIterator()
        while elements.index < index, try elements.next() != nil {}
        return elements.offset
    }
}
