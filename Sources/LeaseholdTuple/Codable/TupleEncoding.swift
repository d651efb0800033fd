#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import BigInt

import LeaseholdCore
/// The `Encoder` behind ``TupleEncoder``: one object per encoding, writing front to back.
///
/// A value being encoded sits in a *slot*: the top level (its fields become the tuple's
/// elements) or an element (a composite value opens a nested tuple there, a single value is the
/// element). Every open nested tuple is a *frame* with an id; each container remembers the frame
/// it writes into, and writing closes the frames opened after it (a finished nested container)
/// or fails if its own frame was closed already (a container written out of order).
///
/// One encoding runs on one thread from start to end and hands out no references to its state,
/// so its fields skip run-time exclusivity checks (they cost more than the encoding itself).
final class TupleEncoding: Encoder {
    /// Where a value's elements go.
    enum Slot { case topLevel, element }

    @exclusivity(unchecked) var writer: TupleWriter
    let userInfoValues: [CodingUserInfoKey: any Sendable]
    @exclusivity(unchecked) var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

    /// Ids of the open nested tuples, innermost last; 0 is the top level.
    @exclusivity(unchecked) var frames: [Int] = [0]
    @exclusivity(unchecked) var nextFrame = 1

    /// The value now in `encode(to:)`: its slot, the frame it belongs in, and the frame its
    /// keyed or unkeyed containers write into once one was asked for.
    @exclusivity(unchecked) var slot = Slot.topLevel
    @exclusivity(unchecked) var parentFrame = 0
    @exclusivity(unchecked) var ownFrame: Int?
    @exclusivity(unchecked) var wroteSingleValue = false

    init(writer: TupleWriter, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.writer = writer
        self.userInfoValues = userInfo
    }

    // MARK: Encoder

    func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
        KeyedEncodingContainer(KeyedTupleEncodingContainer<K>(encoding: self, frame: compositeFrame(), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        UnkeyedTupleEncodingContainer(encoding: self, frame: compositeFrame(), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleValueTupleEncodingContainer(encoding: self, slot: slot, frame: parentFrame, codingPath: codingPath)
    }

    /// The frame the current value's keyed or unkeyed containers write into: the top level, or a
    /// nested tuple opened now (at most once per value). A failure to open it (nesting too deep)
    /// surfaces at the container's first write.
    func compositeFrame() -> Int {
        if let ownFrame { return ownFrame }
        let frame: Int
        if slot == .topLevel {
            frame = parentFrame
        } else if frames.count > Key.maximumNestingDepth {
            frame = -1  // never open: every write through it throws
        } else {
            frame = nextFrame
            nextFrame += 1
            if (try? enter(parentFrame)) != nil {
                writer.append(TupleCode.nested)
                writer.depth += 1
                frames.append(frame)
            }
        }
        ownFrame = frame
        return frame
    }

    // MARK: Writing

    /// Closes the frames opened after `frame`; throws if `frame` itself is closed.
    func enter(_ frame: Int) throws {
        guard let index = frames.lastIndex(of: frame) else {
            if frame == -1 {
                throw EncodingError.invalidValue(0, EncodingError.Context(
                    codingPath: codingPath, debugDescription: "values nested more than \(Key.maximumNestingDepth) levels deep"))
            }
            throw EncodingError.invalidValue(0, EncodingError.Context(
                codingPath: codingPath,
                debugDescription: "a container was written after its parent moved on: tuples are written front to back"))
        }
        while frames.count > index + 1 {
            frames.removeLast()
            writer.depth -= 1
            writer.append(TupleCode.null)
        }
    }

    /// Closes every frame opened after `frame` (which must be open).
    func closeFrames(downTo frame: Int) throws { try enter(frame) }

    /// Encodes `value` as one element of `frame` (or, at the top level, as the tuple itself).
    func encodeValue<T: Encodable>(_ value: T, as slot: Slot, in frame: Int, key: (any CodingKey)? = nil) throws {
        try enter(frame)
        if try encodeSpecial(value) { return }
        let saved = (self.slot, parentFrame, ownFrame, wroteSingleValue, codingPath.count)
        self.slot = slot
        parentFrame = frame
        ownFrame = nil
        wroteSingleValue = false
        if let key { codingPath.append(key) }
        defer {
            (self.slot, parentFrame, ownFrame, wroteSingleValue) = (saved.0, saved.1, saved.2, saved.3)
            codingPath.removeLast(codingPath.count - saved.4)
        }
        try value.encode(to: self)
        if ownFrame == nil && !wroteSingleValue && slot == .element {
            // Asked for no container: still exactly one element, an empty tuple.
            writer.encodeNested { _ in }
        } else {
            try enter(frame)  // close the value's own nested tuple
        }
    }

    /// Writes the types the tuple layer has an element for; `false` for any other type.
    func encodeSpecial<T: Encodable>(_ value: T) throws -> Bool {
        // Exact type matches: a metatype comparison each, no dynamic cast.
        if let data = exactly(value, Data.self) {
            data.withUnsafeBytes { writer.encodeBytes($0) }
        } else if let bytes = exactly(value, [UInt8].self) {
            writer.encodeBytes(bytes)
        } else if let bytes = exactly(value, Bytes.self) {
            bytes.withUnsafeBytes { writer.encodeBytes($0) }
        } else if let uuid = exactly(value, UUID.self) {
            writer.encodeUUID(uuid)
        } else if let date = exactly(value, Date.self) {
            writer.encodeDouble(date.timeIntervalSinceReferenceDate)
        } else if let key = exactly(value, Key.self) {
            key.encode(to: &writer)
        } else if let integer = exactly(value, BigInt.self) {
            try encodeInteger(integer, value)
        } else if let integer = exactly(value, BigUInt.self) {
            try encodeInteger(BigInt(integer), value)
        } else if value is any _UnkeyedTupleCollection {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath, debugDescription: "\(T.self) cannot be a tuple: decoding it needs keys a tuple does not store"))
        } else {
            return false
        }
        wroteSingleValue = true
        return true
    }

    /// Writes an integer of any size, or throws if the format has no encoding for it.
    func encodeInteger(_ integer: BigInt, _ value: Any) throws {
        guard Key.canEncode(integer) else {
            throw EncodingError.invalidValue(value, EncodingError.Context(
                codingPath: codingPath, debugDescription: "an integer longer than \(Key.maximumIntegerByteCount) bytes has no tuple encoding"))
        }
        writer.encodeInteger(integer)
    }
}

/// `value` as a `U` when `T` is exactly `U`.
@inline(__always)
func exactly<T, U>(_ value: T, _ type: U.Type) -> U? {
    T.self == U.self ? unsafeBitCast(value, to: U.self) : nil
}

/// Collections that encode through a keyed container with keys of their own (dictionaries):
/// a tuple stores no keys, so they are refused rather than written in a form that cannot be read.
protocol _UnkeyedTupleCollection {}
extension Dictionary: _UnkeyedTupleCollection {}
