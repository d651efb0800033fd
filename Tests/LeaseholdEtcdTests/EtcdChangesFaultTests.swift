#if Etcd
import Foundation
import LeaseholdCore
import LeaseholdEtcd
import EtcdTestSupport
import Testing

extension EtcdTests {
    /// A change feed while members fail: its watch stream resumes on another member from the last
    /// revision it delivered.
    @Suite("change feed faults")
    struct ChangesFaults {
        @Test("every member killed in turn under a live feed: every commit arrives once, in order")
        func membersKilledInTurn() throws {
            let cluster = try EtcdCluster()
            defer { cluster.shutdown() }
            let engine = try EtcdEngine(options: cluster.options(timeout: .seconds(10)))
            defer { try? engine.close() }
            let writer = try EtcdEngine(options: cluster.options(timeout: .seconds(10)))
            defer { try? writer.close() }
            let feed = try engine.changes(in: .all, after: nil)
            defer { feed.cancel() }

            // Each member (so also the one the watch streams from) goes down once, and the other
            // client writes while it is down and after it is back.
            var written: [[UInt8]] = []
            for victim in 0 ..< 3 {
                cluster.kill(victim)
                for j in 0 ..< 10 {
                    let key = be(victim * 100 + j)
                    try writer.write { try $0.put(key, [UInt8(victim)]) }
                    written.append(key)
                }
                try cluster.restart(victim)
                try cluster.waitUntilHealthy()
                let key = be(victim * 100 + 50)
                try writer.write { try $0.put(key, [UInt8(victim)]) }
                written.append(key)
            }

            var keys: [[UInt8]] = []
            var sequences: [CommitSequence] = []
            while keys.count < written.count, let commit = try feed.next(timeout: .seconds(15)) {
                keys += commit.changes.map { $0.key.array }
                sequences.append(commit.sequence)
            }
            #expect(keys == written, "every commit once, in order")
            #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
            #expect(try feed.next(timeout: .milliseconds(300)) == nil, "nothing repeated")
        }
    }
}
#endif
