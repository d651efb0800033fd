import Leasehold

/// Stops the run with `message` when `condition` fails: libFuzzer reports the input as a crash.
public func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

/// Checks that a rejection of `count` input bytes is the typed error the format promises: a
/// malformed tuple whose offset lies inside the input.
public func requireTupleError(_ error: LeaseholdError, count: Int, _ context: @autoclosure () -> String = "") {
    guard case .malformedTuple(let offset, _) = error else {
        fatalError("not a malformed-tuple error: \(error) \(context())")
    }
    require(offset >= 0 && offset <= count, "offset \(offset) outside 0...\(count): \(error) \(context())")
}

/// The input as owned bytes.
public func input(_ data: UnsafePointer<UInt8>, _ size: Int) -> Bytes {
    Bytes(copying: UnsafeRawBufferPointer(start: data, count: size))
}

/// Whether any element (at any depth) is a float or double NaN: the literal form prints every
/// NaN as `nan`, so its payload does not survive a trip through text.
public func hasNaN(_ values: [TupleValue]) -> Bool {
    values.contains { value in
        switch value {
        case .double(let d): return d.isNaN
        case .float(let f): return f.isNaN
        case .tuple(let children): return hasNaN(children)
        default: return false
        }
    }
}

/// The hex of some bytes, for messages.
public func hex(_ bytes: some Sequence<UInt8>) -> String {
    bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}
