import Dispatch
import Leasehold
import Testing

@Suite("Memory engine")
struct MemoryEngineTests {
    @Test("concurrent readers see consistent snapshots while a writer commits")
    func concurrentReaders() throws {
        let engine = try MemoryEngine()
        // Invariant of every committed state: keys a and b hold the same counter.
        try engine.write { txn in
            try txn.put(Bytes("a"), [0])
            try txn.put(Bytes("b"), [0])
        }
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0 ..< 200 {
                if worker == 0 {
                    try? engine.write { txn in
                        try txn.put(Bytes("a"), [UInt8(i & 0xff)])
                        try txn.put(Bytes("b"), [UInt8(i & 0xff)])
                    }
                } else {
                    let same = try? engine.read { txn in try txn.get(Bytes("a")) == (try txn.get(Bytes("b"))) }
                    #expect(same == true)
                }
            }
        }
    }

    @Test("a cursor in a write transaction keeps its place across updates")
    func cursorAcrossUpdates() throws {
        let engine = try MemoryEngine(options: .init(checked: true))
        try engine.write { txn in for i in 0 ..< 10 { try txn.put([UInt8(i)], [UInt8(i)]) } }
        let visited = try engine.write { txn -> [UInt8] in
            var seen: [UInt8] = []
            try txn.scan { key, value in
                seen.append(key[0])
                if key[0] % 2 == 0 { _ = try txn.delete(key) }  // delete the current record
                try txn.put([key[0], 0x80], value)               // insert right after it
            }
            return seen
        }
        // Each inserted key comes right after the current one and is visited too.
        #expect(visited == (0 ..< 10).flatMap { [UInt8($0), UInt8($0)] })
        let count = try engine.read { txn in try txn.count() }
        #expect(count == 15)
    }

    @Test("close reports open transactions and is idempotent")
    func close() throws {
        let engine = try MemoryEngine()
        try engine.read { _ in
            _ = #expect(throws: LeaseholdError.busy("1 transaction(s) still open")) { try engine.close() }
        }
        try engine.close()
        try engine.close()
        #expect(throws: LeaseholdError.storeClosed) { try engine.read { _ in } }
    }

    @Test("options the engine cannot honour are a typed error")
    func badOptions() {
        #expect(throws: LeaseholdError.self) { try MemoryEngine(options: .init(scanLease: .copy)) }
    }
}
