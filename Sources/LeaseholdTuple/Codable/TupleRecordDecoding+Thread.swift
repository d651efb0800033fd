#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// One reused decoding per thread, for ``TupleDecoder``'s single decodes (`txn.get(key, as:)`):
// a record then allocates nothing of the decoder's own, as in a typed scan.
//
// Why this is sound: the decoding lives in a thread-specific slot, which only its own thread
// reads, so it is never touched by two threads; a decode is synchronous (no suspension point), so
// a task cannot move to another thread in the middle of one; and `busy` keeps a decode started
// inside another one's `init(from:)` off it (that one makes a decoding of its own). Each decode
// points the decoding at its bytes and lets go of them before returning, so no lease is held
// between decodes. The slot's destructor releases the decoding when the thread exits.

/// The thread-specific slot of the reused decodings (`nil` if the system had none to give).
private let threadDecodingSlot: pthread_key_t? = {
    var slot = pthread_key_t()
    let status = pthread_key_create(&slot) { pointer in
        guard let pointer = pointer as UnsafeMutableRawPointer? else { return }
        Unmanaged<TupleRecordDecoding>.fromOpaque(pointer).release()
    }
    return status == 0 ? slot : nil
}()

extension TupleRecordDecoding {
    /// This thread's reused decoding (made on first use), or `nil` while it is busy.
    static func forThisThread() -> TupleRecordDecoding? {
        guard let slot = threadDecodingSlot else { return nil }
        if let pointer = pthread_getspecific(slot) {
            let records = Unmanaged<TupleRecordDecoding>.fromOpaque(pointer).takeUnretainedValue()
            return records.busy ? nil : records
        }
        let records = TupleRecordDecoding(TupleDecoder())
        let retained = Unmanaged.passRetained(records)
        guard pthread_setspecific(slot, retained.toOpaque()) == 0 else {
            retained.release()
            return nil
        }
        return records
    }
}
