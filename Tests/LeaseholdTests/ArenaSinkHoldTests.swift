@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import Testing

/// A sink that holds a lent value and drops it when its own lease ends: a byte sink already
/// copied into the arena then dies in the middle of the expiry's walk.
final class DroppingSink: LeaseSink {
    var held: Bytes?
    override func leaseWillEnd(copyingWith copier: inout ExpiryCopier) { held = nil }
}

/// The arena a copied value holds, if it was copied into one.
private func arena(of bytes: Bytes) -> ExpiryArena? {
    guard let storage = bytes.storage, storage._lease == nil, storage._release == .arena else { return nil }
    return Unmanaged<ExpiryArena>.fromOpaque(UnsafeRawPointer(bitPattern: storage._words.0)!).takeUnretainedValue()
}

@Suite("Arena holds of copied values")
struct ArenaSinkHoldTests {
    @Test("values kept over two expiries of one lease share its spare arena, counted; the last one frees it")
    func keptPastTwoExpiries() {
        let memory: [UInt8] = (0 ..< 48).map { UInt8($0) }
        func lend(_ batch: Int, _ lease: Lease, _ buffer: UnsafeRawBufferPointer) -> [Bytes] {
            (0 ..< 10).map { i in Bytes(lending: UnsafeRawBufferPointer(rebasing: buffer[i + batch ..< i + batch + 30]), on: lease) }
        }
        var batches: [[Bytes]] = []
        memory.withUnsafeBytes { buffer in
            let lease = Lease()
            for batch in 0 ..< 3 {  // the first expiry's arena is exact; the second's is kept for the third
                batches.append(lend(batch, lease, buffer))
                lease.expire()
            }
            lease.end()  // drops the lease's spare arena
        }
        weak let first = arena(of: batches[0][0])
        weak let spare = arena(of: batches[1][0])
        #expect(first != nil && spare != nil && first !== spare)
        #expect(batches[1].allSatisfy { arena(of: $0) === spare } && batches[2].allSatisfy { arena(of: $0) === spare })
        #expect(first?.sinkCount == 10 && spare?.sinkCount == 20)
        #expect(batches.enumerated().allSatisfy { batch, values in
            values.enumerated().allSatisfy { i, b in Array(b) == Array(memory[i + batch ..< i + batch + 30]) }
        })
        batches[0].removeAll()
        #expect(first == nil)
        batches[1].removeAll()
        #expect(spare?.sinkCount == 10)
        batches[2].removeLast(9)
        #expect(spare?.sinkCount == 1 && Array(batches[2][0]) == Array(memory[2 ..< 32]))
        batches.removeAll()
        #expect(spare == nil)
    }

    @Test("a copied value that dies during the expiry's walk is not counted, and its arena is freed")
    func diesDuringWalk() {
        let memory = [UInt8](repeating: 7, count: 64)
        weak var weakArena: ExpiryArena?
        let dropper = DroppingSink()
        var witness = Bytes()
        memory.withUnsafeBytes { buffer in
            let lease = Lease()
            // Registered first, so copied first; its only holder drops it later in the walk.
            dropper.held = Bytes(lending: UnsafeRawBufferPointer(rebasing: buffer[0 ..< 40]), on: lease)
            lease.register(dropper, arenaBytes: 0)
            witness = Bytes(lending: UnsafeRawBufferPointer(rebasing: buffer[8 ..< 48]), on: lease)
            lease.expire()
            #expect(dropper.held == nil)
            weakArena = arena(of: witness)
            #expect(weakArena != nil && weakArena?.sinkCount == 1)
            lease.end()
        }
        #expect(Array(witness) == [UInt8](repeating: 7, count: 40))
        witness = Bytes()
        #expect(weakArena == nil)
    }

    @Test("a value kept from a step of a scan, then the lease ended, is a byte-equal arena copy")
    func keptFromStep() throws {
        let engine = try MemoryEngine(options: .init(scanLease: .step))
        try engine.write { txn in for i in 0 ..< 300 { try txn.put(key(i), value(i)) } }
        var kept: [Bytes] = []
        try engine.read { txn in try txn.scan { _, v in if kept.count < 3 { kept.append(v) } } }
        #expect(kept.enumerated().allSatisfy { Array($1) == value($0) && $1.residence == .copied })
        weak let weakArena = arena(of: kept[0])
        #expect(weakArena != nil)
        kept.removeAll()
        #expect(weakArena == nil)
    }
}
