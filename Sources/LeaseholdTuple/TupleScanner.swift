#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

import LeaseholdCore
/// Finds where elements begin and end in a packed tuple, without decoding or allocating.
///
/// Nested tuples are skipped iteratively (a depth counter, no recursion), so a hostile key of
/// thousands of `05` bytes is a typed error, not a stack overflow, and a well-formed key of any
/// depth can be walked.
@usableFromInline
enum TupleScanner {
    /// Throws `LeaseholdError/malformedTuple(offset:reason:)`: out of line, so that the hot
    /// paths that may throw stay small enough to inline.
    @usableFromInline @inline(never)
    static func fail(_ offset: Int, _ reason: TupleMalformation) throws(LeaseholdError) -> Never {
        throw .malformedTuple(offset: offset, reason: reason)
    }

    /// Whether `a` and `b` hold the same bytes (one `memcmp`, none when both are empty).
    @inlinable @inline(__always)
    static func sameBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        a.count == b.count && (a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

    /// The top-level element that starts at `start` (which must be `< buffer.count`).
    @inlinable @inline(__always)
    static func element(in buffer: UnsafeRawBufferPointer, at start: Int) throws(LeaseholdError) -> Key.Element {
        let code = buffer[start]
        switch code {
        case TupleCode.null:
            if start + 1 < buffer.count && buffer[start + 1] == TupleCode.escape {
                try TupleScanner.fail(start + 1, .badEscape)
            }
            return Key.Element(code: code, start: start, end: start + 1, escaped: false)
        case TupleCode.bytes, TupleCode.string:
            let (end, escaped) = try terminatedEnd(in: buffer, from: start)
            return Key.Element(code: code, start: start, end: end, escaped: escaped)
        case TupleCode.nested:
            let (end, escaped) = try nestedEnd(in: buffer, from: start)
            return Key.Element(code: code, start: start, end: end, escaped: escaped)
        default:
            return Key.Element(code: code, start: start, end: try fixedEnd(in: buffer, from: start), escaped: false)
        }
    }

    /// The element that starts at `start` inside the body of a nested tuple, whose end
    /// ``nestedEnd(in:from:)`` found: there a `00` is always a null child written `00 ff`.
    @inlinable
    static func childElement(in buffer: UnsafeRawBufferPointer, at start: Int) throws(LeaseholdError) -> Key.Element {
        if buffer[start] == TupleCode.null { return Key.Element(code: TupleCode.null, start: start, end: start + 2, escaped: false) }
        return try element(in: buffer, at: start)
    }

    /// The element at `start` of a top-level tuple (`nested` false) or of a nested tuple's body.
    @inlinable
    static func element(in buffer: UnsafeRawBufferPointer, at start: Int, nested: Bool) throws(LeaseholdError) -> Key.Element {
        nested ? try childElement(in: buffer, at: start) : try element(in: buffer, at: start)
    }

    /// Checks every element of the tuple in `buffer` at every depth, strings' UTF-8 included.
    /// Iterative (no recursion), so any depth is checked without risk to the stack.
    static func validate(_ key: Key, _ buffer: UnsafeRawBufferPointer) throws(LeaseholdError) {
        var position = 0
        while position < buffer.count {
            let element = try TupleScanner.element(in: buffer, at: position)
            switch element.code {
            case TupleCode.string: _ = try String.decode(element, in: key)
            case TupleCode.nested:
                // The structure is sound (nestedEnd walked it): check the strings inside.
                var inner = element.range.lowerBound + 1
                while inner < element.range.upperBound - 1 {
                    switch buffer[inner] {
                    case TupleCode.null: inner += buffer[inner + 1] == TupleCode.escape ? 2 : 1
                    case TupleCode.nested: inner += 1
                    case TupleCode.bytes: inner = try terminatedEnd(in: buffer, from: inner).0
                    case TupleCode.string:
                        let (end, escaped) = try terminatedEnd(in: buffer, from: inner)
                        _ = try String.decode(Key.Element(code: TupleCode.string, start: inner, end: end, escaped: escaped), in: key)
                        inner = end
                    default: inner = try fixedEnd(in: buffer, from: inner)
                    }
                }
            default: break
            }
            position = element.range.upperBound
        }
    }

    /// The end of an element whose length its first bytes tell: integers, floats, booleans,
    /// UUIDs and versionstamps.
    @inlinable
    static func fixedEnd(in buffer: UnsafeRawBufferPointer, from start: Int) throws(LeaseholdError) -> Int {
        let code = buffer[start]
        let end: Int
        switch code {
        case 0x0c ... 0x1c: end = start + 1 + Int(code > TupleCode.zero ? code - TupleCode.zero : TupleCode.zero - code)
        case TupleCode.negativeLong, TupleCode.positiveLong:
            guard start + 1 < buffer.count else { try TupleScanner.fail(start, .truncated) }
            let length = buffer[start + 1]
            end = start + 2 + Int(code == TupleCode.positiveLong ? length : length ^ 0xff)
        case TupleCode.float: end = start + 5
        case TupleCode.double: end = start + 9
        case TupleCode.false, TupleCode.true: end = start + 1
        case TupleCode.uuid: end = start + 17
        case TupleCode.versionstamp: end = start + 13
        default: try TupleScanner.fail(start, .unknownTypeCode(code))
        }
        guard end <= buffer.count else { try TupleScanner.fail(start, .truncated) }
        return end
    }

    /// The end of a bytes or string element (just past its terminator), and whether its body
    /// holds `00 ff` escapes.
    @inlinable @inline(__always)
    static func terminatedEnd(in buffer: UnsafeRawBufferPointer, from start: Int) throws(LeaseholdError) -> (Int, Bool) {
        let base = buffer.baseAddress!
        var position = start + 1
        var escaped = false
        while position < buffer.count {
            guard let found = memchr(base + position, 0, buffer.count - position) else { break }
            let zero = UnsafeRawPointer(found) - base
            if zero + 1 < buffer.count && buffer[zero + 1] == TupleCode.escape {
                escaped = true
                position = zero + 2
            } else {
                return (zero + 1, escaped)
            }
        }
        try TupleScanner.fail(start, .missingTerminator)
    }

    /// The end of a nested tuple (just past its terminator), and whether it has null children
    /// (written `00 ff`, so its body is not a packed tuple as it stands).
    @usableFromInline
    static func nestedEnd(in buffer: UnsafeRawBufferPointer, from start: Int) throws(LeaseholdError) -> (Int, Bool) {
        var position = start + 1
        var depth = 1
        var nullChild = false
        while position < buffer.count {
            switch buffer[position] {
            case TupleCode.null:
                if position + 1 < buffer.count && buffer[position + 1] == TupleCode.escape {
                    if depth == 1 { nullChild = true }
                    position += 2
                } else {
                    position += 1
                    depth -= 1
                    if depth == 0 { return (position, nullChild) }
                }
            case TupleCode.nested:
                depth += 1
                position += 1
            case TupleCode.bytes, TupleCode.string:
                position = try terminatedEnd(in: buffer, from: position).0
            default:
                position = try fixedEnd(in: buffer, from: position)
            }
        }
        try TupleScanner.fail(start, .missingTerminator)
    }
}
