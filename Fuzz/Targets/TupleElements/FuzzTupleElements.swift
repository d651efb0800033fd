import BigInt
import Foundation
import FuzzSupport
import Leasehold

/// Lazy access on arbitrary bytes: the element walk, every typed accessor on every element, the
/// fixed-arity decoders, prefixes and `starts(with:)`. Each succeeds consistently with the
/// dynamic decoding or throws a typed error at an offset inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTupleElements(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let key = Key(packed: bytes)
    var elements: [Key.Element] = []
    var iterator = key.makeElementIterator()
    do {
        while let element = try iterator.next() {
            require(element.range.lowerBound == (elements.last?.range.upperBound ?? 0), "elements are not contiguous")
            require(element.range.upperBound <= size, "element past the end")
            elements.append(element)
            if elements.count >= 16 { break }  // enough to reach every accessor; keeps runs fast
        }
    } catch {
        requireTupleError(error, count: size, "walk")
    }

    for (i, element) in elements.enumerated() {
        require((try? key.element(at: i)) == element, "element(at: \(i)) disagrees with the walk")
        checkAccessors(key, element, size)
    }

    // Prefixes: zero-copy views that concatenate back to the key and that it starts with (when
    // the key is valid: `starts(with:)` reads a `00 ff` after the prefix as an escape, and only
    // a malformed key has an `ff` where an element starts).
    let valid = (try? Key(validating: bytes)) != nil
    for n in 0 ... elements.count {
        guard let head = try? key.prefix(n), let tail = try? key.dropFirst(n) else {
            fatalError("prefix/dropFirst of walked elements threw")
        }
        require(head + tail == key, "prefix + rest != key at \(n)")
        require(!valid || key.starts(with: head), "key does not start with its prefix \(n)")
        if n < elements.count {
            require(head.byteCount == elements[n].range.lowerBound, "prefix \(n) has the wrong length")
        }
    }

    // Fixed arity, with types chosen by the input.
    if size > 0 {
        do {
            switch data[0] % 4 {
            case 0: _ = try key.decode(String.self, Int.self, Bytes.self)
            case 1: _ = try key.decode(Bytes.self, Key.self)
            case 2: _ = try key.decode(Int64.self, Double.self, TupleNull.self, UUID.self)
            default: _ = try key.decode(BigInt.self, String?.self, Bool.self)
            }
        } catch {
            requireTupleError(error, count: size, "fixed arity")
        }
    }
    return 0
}

/// Every typed accessor on `element`: a value consistent with ``TupleValue``, or a typed error.
func checkAccessors(_ key: Key, _ element: Key.Element, _ size: Int) {
    let dynamic: TupleValue?
    do { dynamic = try TupleValue.decode(element, in: key) } catch {
        requireTupleError(error, count: size, "TupleValue")
        dynamic = nil
    }
    func attempt<T: TupleDecodable>(_ type: T.Type, _ agrees: (T, TupleValue) -> Bool) {
        do {
            let value = try key.decode(T.self, element)
            if let dynamic { require(agrees(value, dynamic), "\(T.self) \(value) disagrees with \(dynamic)") }
        } catch {
            requireTupleError(error, count: size, "\(T.self)")
        }
    }
    func integer<I: FixedWidthInteger & TupleDecodable>(_ type: I.Type) {
        attempt(I.self) { value, dynamic in dynamic.bigIntegerValue == BigInt(value) }
    }
    integer(Int8.self); integer(Int16.self); integer(Int32.self); integer(Int64.self); integer(Int.self)
    integer(UInt8.self); integer(UInt16.self); integer(UInt32.self); integer(UInt64.self); integer(UInt.self)
    attempt(BigInt.self) { value, dynamic in dynamic.bigIntegerValue == value }
    attempt(BigUInt.self) { value, dynamic in dynamic.bigIntegerValue == BigInt(value) }
    attempt(String.self) { value, dynamic in dynamic == .string(value) }
    attempt(String?.self) { value, dynamic in value.map { dynamic == .string($0) } ?? (dynamic == .null) }
    attempt(Bytes.self) { value, dynamic in
        switch dynamic {
        case .bytes(let b): return Array(value) == b
        case .string(let s): return Array(value) == Array(s.utf8)
        default: return false
        }
    }
    attempt([UInt8].self) { value, _ in value == ((try? key.decode(Bytes.self, element)).map(Array.init) ?? []) }
    attempt(Float.self) { value, dynamic in dynamic == .float(value) }
    attempt(Double.self) { value, dynamic in
        switch dynamic {
        case .double(let d): return d.bitPattern == value.bitPattern
        case .float(let f): return Double(f).bitPattern == value.bitPattern
        default: return false
        }
    }
    attempt(Bool.self) { value, dynamic in dynamic == .bool(value) }
    attempt(UUID.self) { value, dynamic in dynamic == .uuid(value) }
    attempt(Versionstamp.self) { value, dynamic in dynamic == .versionstamp(value) }
    attempt(TupleNull.self) { _, dynamic in dynamic == .null }
    attempt(Key.self) { value, dynamic in
        guard case .tuple(let children) = dynamic else { return false }
        // The nested key's own decoding matches (its depth budget restarts, so it may go deeper).
        return (try? value.values()).map { $0 == children } ?? true
    }
}
