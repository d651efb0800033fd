import FuzzSupport
import Leasehold

/// The whole-tuple decoder on arbitrary bytes: every input is either a tuple that decodes, whose
/// canonical re-encoding decodes to the same values and is a fixpoint, or a typed error at an
/// offset inside the input. Validation and decoding agree, and `description` never traps.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTupleDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = input(data, size)
    let key = Key(packed: bytes)

    var valid = true
    do { _ = try Key(validating: bytes) } catch {
        requireTupleError(error, count: size, "validating")
        valid = false
    }

    do {
        let values = try key.values()
        require(valid, "values() decoded what validation refused: \(hex(bytes))")
        let canonical = Key(values)
        let again = try canonical.values()
        require(again == values, "re-encoding changed the values of \(hex(bytes))")
        require(Key(again) == canonical, "the canonical encoding is not a fixpoint: \(hex(bytes))")
        let count = try canonical.elementCount()
        require(count == values.count, "element count differs")
        if !hasNaN(values) {
            // The literal form reads back to the same tuple.
            let literal = TupleLiteral.format(values)
            let parsed = try TupleLiteral.parse(literal)
            require(Key(parsed) == canonical, "literal \(literal) reads back differently")
        }
    } catch let error as LeaseholdError {
        requireTupleError(error, count: size, "values")
        if valid, case .malformedTuple(_, let reason) = error {
            require(reason == .nestedTooDeeply(limit: Key.maximumNestingDepth), "validation passed but values() threw \(error)")
        }
    } catch {
        fatalError("untyped error \(error) for \(hex(bytes))")
    }

    _ = key.description
    return 0
}
