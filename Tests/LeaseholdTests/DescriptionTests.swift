import Leasehold
import Testing

/// What the core's value types print: their short names, as README and tools show them.
@Suite("Descriptions")
struct DescriptionTests {
    @Test("Bytes.Residence prints its case name, alone and inside a collection")
    func residence() throws {
        let store = AnyEngine(try MemoryEngine())
        try store.write { txn in
            try txn.put(Bytes("user/1"), Bytes("alice"))
            try txn.put(Bytes("user/2"), Bytes("bob"))
        }
        let kept: [Bytes] = try store.read { txn in
            var names: [Bytes] = []
            try txn.scan(.prefix(Array("user/".utf8))) { _, value in
                #expect("\(value.residence)" == "shared")
                names.append(value)
            }
            return names
        }
        #expect("\(kept.map(\.residence))" == "[copied, copied]")
        #expect("\(Bytes("x").residence)" == "owned")
        #expect(String(describing: Bytes.Residence.pinned) == "pinned")
    }

    @Test("the manifest's enums print their case names; the manifest prints one line of name: value pairs")
    func capabilities() throws {
        #expect("\(Capabilities.LeaseScope.transaction)" == "transaction")
        #expect("\([Capabilities.LeaseScope.untilNextUpdate, .step, .cursor, .copy, .pinned])"
            == "[untilNextUpdate, step, cursor, copy, pinned]")
        #expect("\(Capabilities.Isolation.readCommitted)" == "readCommitted")

        let memory = try MemoryEngine().capabilities
        #expect(memory.description == "engine: memory, pointReads: transaction, scans: transaction, writeReads: untilNextUpdate, "
            + "isolation: serializable, snapshots: true, persistent: false, readYourWrites: true, maxKeySize: 511, changeFeed: thisProcess")

        let every = Capabilities(
            engine: "x", pointReads: .pinned, scans: .step, writeReads: .step, snapshots: false, persistent: true,
            readYourWrites: false, isolation: .snapshot, maxKeySize: nil, maxValueSize: 1024, poisonsExpiredMemory: true,
            scanValues: .cursor, maxTransactionWrites: 128, maxTransactionBytes: 1 << 20)
        #expect("\(every)" == "engine: x, pointReads: pinned, scans: step, scanValues: cursor, writeReads: step, "
            + "isolation: snapshot, snapshots: false, persistent: true, readYourWrites: false, maxValueSize: 1024, "
            + "maxTransactionWrites: 128, maxTransactionBytes: 1048576, poisonsExpiredMemory: true")
    }

    @Test("lease counters and statistics print their figures")
    func leaseStatistics() throws {
        let statistics = LeaseStatistics()
        #expect("\(statistics)" == "registered 0, copied 0 (0 inline), 0 bytes, 0 arenas, 0 expiries")
        var counters = LeaseCounters()
        counters.sinksRegistered = 4
        counters.sinksCopied = 2
        counters.inlineCopies = 2
        counters.bytesCopied = 8
        counters.expiries = 1
        statistics.add(counters)
        #expect("\(statistics)" == "registered 4, copied 2 (2 inline), 8 bytes, 0 arenas, 1 expiries")
        #expect(statistics.description == statistics.snapshot().description)
    }
}
