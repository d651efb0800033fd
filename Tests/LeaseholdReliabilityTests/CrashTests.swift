import CrashTestSupport
import Foundation
import Leasehold
import Testing

/// SIGKILL a child process that is committing, again and again, for every persistent engine: every
/// commit it reported is there afterwards, and no transaction is there in part.
/// `LEASEHOLD_CRASH_ROUNDS` sets the kills per engine (default 20).
@Suite("Crash safety", .serialized)
struct CrashTests {
    @Test("killed while committing: every reported commit is there, none in part", arguments: EngineUnderTest.persistent)
    func killedWhileCommitting(_ engine: EngineUnderTest) throws {
        let rounds = environmentInt("LEASEHOLD_CRASH_ROUNDS", 20)
        let child = try CrashChild(engine: engine.name)
        let path = scratchPath("crash-\(engine.name)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        var reported: Set<UInt64> = []
        var staleReaders = 0
        // A store several processes share stays open here meanwhile (LMDB resets its reader table
        // when the first process opens it, so stale slots only show while someone has it open).
        let held = engine.sharedByProcesses ? try engine.open(path) : nil
        defer { try? held?.close() }
        for round in 0 ..< rounds {
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
        #expect(reported.count > rounds)
        if engine.sharedByProcesses {
            // The children were killed inside read transactions at least sometimes, and the next
            // child's open cleared their slots.
            #expect(staleReaders > 0, "no stale reader slot was ever cleared")
        }
        print("crash \(engine.name): \(rounds) kills, \(reported.count) reported commits, none lost, none partial"
            + (staleReaders > 0 ? ", \(staleReaders) stale reader slots cleared" : ""))
    }
}
