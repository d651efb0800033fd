#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// One reused encoding per thread, for ``TupleEncoder`` (`txn.put(key, value)`): a record then
// allocates no encoder object and no frame list.
//
// Why this is sound: the encoding lives in a thread-specific slot, which only its own thread
// reads, so it is never touched by two threads; an encoding is synchronous (no suspension point),
// so a task cannot move to another thread in the middle of one; and `busy` keeps an encode started
// inside another one's `encode(to:)` off it (that one makes an encoding of its own). Each encode
// resets the encoding and lets go of its buffer before returning (``TupleEncoding/encodeTopLevel(_:into:userInfo:)``).
// The slot's destructor releases the encoding when the thread exits (first dropping the kept
// container, which holds the encoding).

/// The thread-specific slot of the reused encodings (`nil` if the system had none to give).
private let threadEncodingSlot: pthread_key_t? = {
    var slot = pthread_key_t()
    let status = pthread_key_create(&slot) { pointer in
        guard let pointer = pointer as UnsafeMutableRawPointer? else { return }
        let encoding = Unmanaged<TupleEncoding>.fromOpaque(pointer)
        encoding.takeUnretainedValue().reusedBox = nil  // its container holds the encoding
        encoding.release()
    }
    return status == 0 ? slot : nil
}()

extension TupleEncoding {
    /// This thread's reused encoding (made on first use), or `nil` while it is busy.
    static func forThisThread() -> TupleEncoding? {
        guard let slot = threadEncodingSlot else { return nil }
        if let pointer = pthread_getspecific(slot) {
            let encoding = Unmanaged<TupleEncoding>.fromOpaque(pointer).takeUnretainedValue()
            return encoding.busy ? nil : encoding
        }
        let encoding = TupleEncoding(writer: TupleWriter(into: UnsafeMutableRawBufferPointer(start: nil, count: 0)), userInfo: [:])
        encoding.reuses = true
        let retained = Unmanaged.passRetained(encoding)
        guard pthread_setspecific(slot, retained.toOpaque()) == 0 else {
            retained.release()
            return nil
        }
        return encoding
    }
}
