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
    @exclusivity(unchecked) var userInfoValues: [CodingUserInfoKey: any Sendable]
    /// The top-level positional container kept for the next value when this encoding is reused
    /// (a `KeyedEncodingContainer` is one reference to its box: kept as that reference), the type
    /// of its keys, and the ticket naming the frame it writes into; `reuses` says whether to keep
    /// one, `top` is the current value's top-level frame.
    @exclusivity(unchecked) var reusedBox: AnyObject?
    @exclusivity(unchecked) var reusedBoxKeys: ObjectIdentifier?
    @exclusivity(unchecked) var reusedTicket: TupleFrameTicket?
    @exclusivity(unchecked) var reuses = false
    @exclusivity(unchecked) var top = 0
    /// Whether an encoding is running (this thread's reused encoding is then not handed out).
    @exclusivity(unchecked) var busy = false
    @exclusivity(unchecked) var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { userInfoValues }

    /// An open nested tuple: its id, and where its next field tag goes (the terminator of its
    /// tags element), or -1 if it holds no positional keyed container (``TupleSchema``).
    struct Frame {
        let id: Int
        var tagEnd = -1
    }

    /// The open nested tuples, innermost last; id 0 is the top level. (One array, not two: one
    /// allocation per encoding.)
    @exclusivity(unchecked) var frames = [Frame(id: 0)]
    @exclusivity(unchecked) var nextFrame = 1

    /// The value now in `encode(to:)`: its slot, the frame it belongs in, and the frame its
    /// keyed or unkeyed containers write into once one was asked for.
    @exclusivity(unchecked) var slot = Slot.topLevel
    @exclusivity(unchecked) var parentFrame = 0
    @exclusivity(unchecked) var ownFrame: Int?
    @exclusivity(unchecked) var wroteSingleValue = false
    /// The layout of the current value's keyed containers, and whether it is an `Optional`.
    @exclusivity(unchecked) var layout = TupleLayout.positional
    @exclusivity(unchecked) var valueIsOptional = false

    init(writer: TupleWriter, userInfo: [CodingUserInfoKey: any Sendable]) {
        self.writer = writer
        self.userInfoValues = userInfo
    }

    /// Encodes `value` as a whole tuple into `buffer`; returns the encoding's full size (which
    /// may exceed the buffer: then only the size is right).
    ///
    /// Resets every field first, so one encoding serves one value after another (this thread's,
    /// ``forThisThread()``). The top level gets a frame id never used before, and when the value
    /// is done the encoding forgets `buffer` and keeps only another new frame open: a container
    /// kept past its value (stored by an `encode(to:)`) then finds its frame closed and throws
    /// on its next write, never writing into a later value's bytes or a buffer that is gone.
    func encodeTopLevel<T: Encodable>(_ value: T, into buffer: UnsafeMutableRawBufferPointer, userInfo: [CodingUserInfoKey: any Sendable]) throws -> Int {
        busy = true
        writer = TupleWriter(into: buffer)
        userInfoValues = userInfo
        top = nextFrame
        nextFrame &+= 1
        frames.removeAll(keepingCapacity: true)
        frames.append(Frame(id: top))
        (slot, parentFrame, ownFrame, wroteSingleValue) = (.topLevel, top, nil, false)
        (layout, valueIsOptional) = (.positional, false)
        codingPath.removeAll(keepingCapacity: true)
        defer {
            writer = TupleWriter(into: UnsafeMutableRawBufferPointer(start: nil, count: 0))
            userInfoValues = [:]
            frames.removeAll(keepingCapacity: true)
            frames.append(Frame(id: nextFrame))
            nextFrame &+= 1
            top = -2
            reusedTicket?.frame = -2  // a kept top-level container's writes now throw
            busy = false
        }
        try encodeValue(value, as: .topLevel, in: top)
        try closeFrames(downTo: top)
        return writer.count
    }

    // MARK: Encoder

    func container<K: CodingKey>(keyedBy type: K.Type) -> KeyedEncodingContainer<K> {
        keyedContainer(in: compositeFrame(), layout: layout, codingPath: codingPath)
    }

    /// A keyed container writing into `frame`; a positional one starts the frame's tags element
    /// (once: a value may ask for its container more than once).
    func keyedContainer<K: CodingKey>(in frame: Int, layout: TupleLayout, codingPath: [any CodingKey]) -> KeyedEncodingContainer<K> {
        if layout == .positional, let index = frames.lastIndex(where: { $0.id == frame }), frames[index].tagEnd < 0, (try? enter(frame)) != nil {
            writer.append(TupleCode.bytes)
            frames[index].tagEnd = writer.count
            writer.append(0)
        }
        if reuses, layout == .positional, frame == top, codingPath.isEmpty {
            return reusableContainer(K.self)
        }
        return KeyedEncodingContainer(KeyedTupleEncodingContainer<K>(encoding: self, frame: frame, codingPath: codingPath, named: layout == .named))
    }

    /// The top-level positional container of a reused encoding: the one kept from an earlier
    /// value when its keys are `K`'s and nothing else holds it (no container of an earlier value
    /// is still kept), pointed at this value's top level; else a new one, kept for the next value.
    func reusableContainer<K: CodingKey>(_ type: K.Type) -> KeyedEncodingContainer<K> {
        if reusedBoxKeys == ObjectIdentifier(K.self), isKnownUniquelyReferenced(&reusedBox), let box = reusedBox, let ticket = reusedTicket {
            ticket.frame = top
            return unsafeBitCast(box, to: KeyedEncodingContainer<K>.self)
        }
        let ticket = TupleFrameTicket()
        ticket.frame = top
        let container = KeyedEncodingContainer(KeyedTupleEncodingContainer<K>(encoding: self, frame: top, codingPath: [], named: false, ticket: ticket))
        if TupleEncoding.containerIsOneReference {
            reusedTicket?.frame = -2
            reusedBox = unsafeBitCast(container, to: AnyObject.self)
            reusedBoxKeys = ObjectIdentifier(K.self)
            reusedTicket = ticket
        }
        return container
    }

    /// Whether a `KeyedEncodingContainer` is exactly one reference, to its box (checked once, by
    /// reflection, on the standard library this runs with): only then is a container kept as
    /// that reference.
    static let containerIsOneReference: Bool = {
        let encoding = TupleEncoding(writer: TupleWriter(into: UnsafeMutableRawBufferPointer(start: nil, count: 0)), userInfo: [:])
        let probe = KeyedEncodingContainer(KeyedTupleEncodingContainer<TupleSuperKey>(encoding: encoding, frame: 0, codingPath: [], named: false))
        guard MemoryLayout.size(ofValue: probe) == MemoryLayout<AnyObject>.size else { return false }
        let children = Array(Mirror(reflecting: probe).children)
        guard children.count == 1, type(of: children[0].value) is AnyClass else { return false }
        return (children[0].value as AnyObject) === unsafeBitCast(probe, to: AnyObject.self)
    }()

    /// Inserts `key`'s tag into the innermost frame's tags element.
    func insertTag(for key: some CodingKey) {
        let index = frames.count - 1
        let end = frames[index].tagEnd
        guard end >= 0 else { return }
        writer.insert(TupleSchema.tag(key), at: end)
        frames[index].tagEnd = end + 1
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
                frames.append(Frame(id: frame))
            }
        }
        ownFrame = frame
        return frame
    }

    // MARK: Writing

    /// Closes the frames opened after `frame`; throws if `frame` itself is closed.
    func enter(_ frame: Int) throws {
        // The common case, every field of a flat record: `frame` is the innermost, nothing to close.
        if frames[frames.count &- 1].id == frame { return }
        guard let index = frames.lastIndex(where: { $0.id == frame }) else {
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
        let saved = (self.slot, parentFrame, ownFrame, wroteSingleValue, codingPath.count, layout, valueIsOptional)
        self.slot = slot
        parentFrame = frame
        ownFrame = nil
        wroteSingleValue = false
        layout = TupleLayout.of(T.self)
        valueIsOptional = TupleLayout.isOptional(T.self)
        if let key { codingPath.append(key) }
        defer {
            (self.slot, parentFrame, ownFrame, wroteSingleValue) = (saved.0, saved.1, saved.2, saved.3)
            codingPath.removeLast(codingPath.count - saved.4)
            (layout, valueIsOptional) = (saved.5, saved.6)
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

/// The error for a value whose encoding could not be read back as written.
func unrepresentable(_ value: Any, _ codingPath: [any CodingKey], _ why: String) -> EncodingError {
    EncodingError.invalidValue(value, EncodingError.Context(codingPath: codingPath, debugDescription: why))
}

/// The error for `Optional.some(nil)`: its null would read back as `nil`.
func someNilError(_ value: Any, _ codingPath: [any CodingKey]) -> EncodingError {
    unrepresentable(value, codingPath,
        "Optional.some(nil) is written as null, which reads back as nil: a tuple cannot tell them apart (use an enum to keep both)")
}

/// The frame the top-level container a reused encoding keeps writes into: the current value's
/// top level while it is encoded, -2 (never open: writes throw) otherwise.
final class TupleFrameTicket {
    @exclusivity(unchecked) var frame = -2
}
