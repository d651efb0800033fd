#if Etcd
import Foundation
import LeaseholdCore
import LeaseholdEtcd
import EtcdTestSupport
import Synchronization
import Testing

extension EtcdTests {
    /// Members killed (SIGKILL) and restarted under a running client. Each test has a cluster of
    /// its own, stopped at the end whatever happens.
    @Suite("faults")
    struct Faults {
        /// The member that leads the cluster now.
        static func leader(_ cluster: EtcdCluster, _ engine: EtcdEngine) throws -> Int {
            let leaderID = try engine.status().leaderID
            for i in cluster.members.indices {
                let probe = try EtcdEngine(options: .init(endpoints: [cluster.endpoints[i]], timeout: .seconds(2)))
                defer { try? probe.close() }
                if try probe.status().memberID == leaderID { return i }
            }
            throw LeaseholdError.notFound("the leader")
        }

        @Test("one member down (the leader, then another): reads and writes go on; it rejoins")
        func oneDown() throws {
            let cluster = try EtcdCluster()
            defer { cluster.shutdown() }
            let engine = try EtcdEngine(options: cluster.options(timeout: .seconds(10), pageSize: 7))
            defer { try? engine.close() }
            try engine.write { txn in for i in 0 ..< 40 { try txn.put(be(i), be(0)) } }

            for round in 1 ... 2 {
                let victim = round == 1 ? try Self.leader(cluster, engine) : (try Self.leader(cluster, engine) + 1) % 3
                cluster.kill(victim)
                for i in 0 ..< 40 {
                    try engine.write { txn in try txn.put(be(i), be(round)) }
                    let seen = try engine.read { txn in try txn.get(be(i)).map(Array.init) }
                    #expect(seen == be(round), "key \(i) in round \(round)")
                }
                let all = try engine.read { txn in
                    var values: [[UInt8]] = []
                    try txn.scan { _, value in values.append(Array(value)) }
                    return values
                }
                #expect(all == Array(repeating: be(round), count: 40))
                try cluster.restart(victim)
                try cluster.waitUntilHealthy()
                // The restarted member has caught up: read through it alone.
                let alone = try EtcdEngine(options: .init(endpoints: [cluster.endpoints[victim]], timeout: .seconds(10)))
                defer { try? alone.close() }
                #expect(try alone.read { try $0.get(be(39)).map(Array.init) } == be(round))
            }
            // (How often a commit lost its answer to a kill and was resent: timing decides.)
            print("etcd oneDown: \(engine.commitsResent) commit(s) resent after a lost answer")
        }

        @Test("two members down: typed failures within the timeout, nothing half applied; a restart resumes work")
        func twoDown() throws {
            let cluster = try EtcdCluster()
            defer { cluster.shutdown() }
            let timeout = Duration.seconds(3)
            let engine = try EtcdEngine(options: cluster.options(timeout: timeout))
            defer { try? engine.close() }
            try engine.write { txn in for i in 0 ..< 10 { try txn.put(be(i), be(0)) } }

            let leader = try Self.leader(cluster, engine)
            // Keep the leader: it is the member that may hold a write it cannot commit.
            let victims = [0, 1, 2].filter { $0 != leader }
            for v in victims { cluster.kill(v) }

            var start = ContinuousClock.now
            #expect {
                try engine.read { _ = try $0.get(be(1)) }
            } throws: { error in
                guard case LeaseholdError.unavailable = error else { return false }
                return true
            }
            var elapsed = ContinuousClock.now - start
            #expect(elapsed < timeout + .seconds(2), "a read gave up after \(elapsed)")

            // A write of ten keys: refused, or lost in the leaderless member's log — never half.
            start = ContinuousClock.now
            var outcome = "none"
            do {
                try engine.write { txn in for i in 0 ..< 10 { try txn.put(be(i), be(7)) } }
                outcome = "committed"
            } catch LeaseholdError.unavailable {
                outcome = "unavailable"
            } catch LeaseholdError.commitUnknown {
                outcome = "unknown"
            }
            elapsed = ContinuousClock.now - start
            #expect(outcome == "unavailable" || outcome == "unknown", "the write ended \(outcome)")
            #expect(elapsed < timeout + .seconds(2), "the write gave up after \(elapsed)")

            for v in victims { try cluster.restart(v) }
            try cluster.waitUntilHealthy()
            let values = try engine.read { txn in try (0 ..< 10).map { try txn.get(be($0)).map(Array.init) } }
            let applied = values.allSatisfy { $0 == be(7) }
            let notApplied = values.allSatisfy { $0 == be(0) }
            #expect(applied || notApplied, "a write was half applied: \(values)")
            if outcome == "unavailable" { #expect(notApplied, "an unavailable write was applied") }

            // Work resumes.
            try engine.write { txn in try txn.put(be(100), be(100)) }
            #expect(try engine.read { try $0.get(be(100)).map(Array.init) } == be(100))
        }
    }

    @Suite("lost updates")
    struct LostUpdates {
        @Test("writers on two engines increment one counter: it ends at the sum")
        func counter() throws {
            let cluster = try SharedCluster.get()
            var options = cluster.options()
            options.conflictRetries = 10_000
            let engines = [try EtcdEngine(options: options), try EtcdEngine(options: options)]
            defer { for e in engines { try? e.close() } }
            try engines[0].write { txn in
                _ = try txn.deleteRange(.all)
                try txn.put(Bytes("counter"), be(0))
            }
            let perWriter = 40
            let writersPerEngine = 2
            try onThreads(engines.count * writersPerEngine) { w in
                let engine = engines[w % engines.count]
                for _ in 0 ..< perWriter {
                    try engine.write { txn in
                        let value = try txn.get(Bytes("counter"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).bigEndian }
                        try txn.put(Bytes("counter"), be(Int(value) + 1))
                    }
                }
            }
            let final = try engines[1].read { try $0.get(Bytes("counter"))!.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self).bigEndian } }
            #expect(final == UInt64(perWriter * writersPerEngine * engines.count))
            let retried = engines.map(\.conflictsRetried).reduce(0, +)
            #expect(retried > 0, "the writers never collided, so the test proved nothing")
        }

        @Test("a write that scanned a range conflicts with a key created in it (no phantom)")
        func phantom() throws {
            let engine = try emptyStore()
            defer { try? engine.close() }
            let other = try EtcdEngine(options: engine.options)
            defer { try? other.close() }
            try engine.write { txn in for i in 0 ..< 5 { try txn.put([0x10, UInt8(i)], [1]) } }
            var attempts = 0
            try engine.write { txn in
                attempts += 1
                let n = try txn.count(.prefix([0x10]))
                if attempts == 1 { try other.write { try $0.put([0x10, 0x80], [1]) } }  // a phantom
                try txn.put(Bytes("count"), [UInt8(n)])
            }
            #expect(attempts == 2)
            #expect(try engine.read { try $0.get(Bytes("count")) } == Bytes([6]))
        }
    }
}
#endif
