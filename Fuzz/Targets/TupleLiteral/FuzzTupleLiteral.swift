import FuzzSupport
import Leasehold

/// The literal parser on arbitrary text: a tuple that packs (never trapping: integers and depth
/// are checked while parsing), unpacks to the same values and prints back to a literal that
/// parses to the same bytes; or a typed error at an offset inside the text.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTupleLiteral(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let values: [TupleValue]
    do {
        values = try TupleLiteral.parse(text)
    } catch {
        require(error.offset >= 0 && error.offset <= text.utf8.count, "offset \(error.offset) outside the text")
        require(!error.message.isEmpty, "an error without a message")
        return 0
    }
    let key = Key(values)
    do {
        let back = try key.values()
        require(back == values, "\(text) packed to \(key.hex), which unpacks differently")
        if !hasNaN(values) {
            let printed = TupleLiteral.format(back)
            let again = try TupleLiteral.parse(printed)
            require(Key(again) == key, "\(text) printed as \(printed), which reads back differently")
        }
    } catch {
        fatalError("\(text) parsed, but its key \(key.hex) does not round-trip: \(error)")
    }
    return 0
}
