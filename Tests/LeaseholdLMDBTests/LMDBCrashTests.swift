import CrashTestSupport
import Foundation
import Leasehold
import LeaseholdLMDB
import Testing

/// SIGKILL a process that is committing, again and again, and check LMDB's promise: every commit
/// it reported is there, and no transaction is there in part.
@Suite("LMDB crash safety", .serialized)
struct LMDBCrashTests {
    @Test("killed 24 times while committing: every reported commit is there, none in part")
    func killedWhileCommitting() throws {
        let child = try CrashChild(engine: "lmdb")
        let path = temporaryStorePath("crash")
        defer { removeStore(path) }
        var reported: Set<UInt64> = []
        var staleReaders = 0
        // This process keeps the environment open throughout (LMDB resets the reader table when
        // the first process opens it, so stale slots only show while someone else has it open).
        let engine = try LMDBEngine(options: .init(path: path, mapSize: 256 << 20))
        defer { try? engine.close() }
        for round in 0 ..< 24 {
            let r = try child.round(path)
            #expect(r.killed, "round \(round): the child exited by itself: \(r.tail)")
            #expect(!r.committed.isEmpty, "round \(round): the child committed nothing")
            reported.formUnion(r.committed)
            staleReaders += r.staleReadersCleared
            #expect(r.wrong.isEmpty, "round \(round): wrong values in transactions \(r.wrong)")
            #expect(r.partial.isEmpty, "round \(round): partial transactions \(r.partial)")
            let missing = reported.filter { $0 >= r.stored }
            #expect(missing.isEmpty, "round \(round): reported commits missing: \(missing.sorted())")
            #expect(r.consecutive, "round \(round): a gap in the committed transactions")
        }
        #expect(reported.count > 24)
        // The children were killed inside read transactions at least sometimes: the next child's
        // open cleared their slots, and we clear the last one's.
        staleReaders += try engine.clearStaleReaders()
        #expect(staleReaders > 0)
        print("LMDB crash test: \(reported.count) reported commits over 24 kills, \(staleReaders) stale reader slots cleared")
    }
}
