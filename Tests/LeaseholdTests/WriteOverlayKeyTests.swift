@testable @_spi(Adapter) import LeaseholdCore
import Testing

/// The overlay's one-hash put and word-at-a-time key hash: keys of every length up to three
/// words, each put twice (the second put must land on the first entry and win), read back by a
/// lookup through a different buffer, with keys that differ only in their last byte or length.
@Suite("Write overlay keys")
struct WriteOverlayKeyTests {
    @Test func repeatedPutsOfEveryLengthKeepOneEntryAndTheLastValue() {
        let overlay = WriteOverlay()
        var keys: [[UInt8]] = []
        for length in 1 ... 24 {
            keys.append([UInt8](repeating: 7, count: length))
            keys.append([UInt8](repeating: 7, count: length - 1) + [8])
        }
        for (i, key) in keys.enumerated() {
            key.withUnsafeBytes { k in [UInt8(i)].withUnsafeBytes { overlay.put(key: k, value: $0) } }
        }
        for (i, key) in keys.enumerated() {
            key.withUnsafeBytes { k in [UInt8(i), 1].withUnsafeBytes { overlay.put(key: k, value: $0) } }
        }
        #expect(overlay.touchedKeyCount == keys.count)
        for (i, key) in keys.enumerated() {
            let copy = Array(key)
            let found: [UInt8]? = copy.withUnsafeBytes { k in
                if case .value(let v) = overlay.lookup(k) { return Array(v) } else { return nil }
            }
            #expect(found == [UInt8(i), 1])
        }
        [UInt8](repeating: 7, count: 25).withUnsafeBytes { k in
            if case .untouched = overlay.lookup(k) {} else { Issue.record("a key never put reads as touched") }
        }
    }
}
