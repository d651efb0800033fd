import CrashTestSupport
import Leasehold
import Testing

/// SIGKILL a process that is committing with synchronous writes, again and again: every commit it
/// reported is there after LevelDB recovers its log, and no batch is there in part.
@Suite("LevelDB crash safety", .serialized)
struct LevelDBCrashTests {
    @Test("killed 24 times while committing (sync writes): every reported commit is there, none in part")
    func killedWhileCommitting() throws {
        let child = try CrashChild(engine: "leveldb")
        let path = temporaryStorePath("crash")
        defer { removeStore(path) }
        var reported: Set<UInt64> = []
        for round in 0 ..< 24 {
            // LevelDB locks its directory: the store is opened only by the children, in turn.
            let r = try child.round(path)
            #expect(r.killed, "round \(round): the child exited by itself: \(r.tail)")
            #expect(!r.committed.isEmpty, "round \(round): the child committed nothing")
            reported.formUnion(r.committed)
            #expect(r.wrong.isEmpty, "round \(round): wrong values in transactions \(r.wrong)")
            #expect(r.partial.isEmpty, "round \(round): partial transactions \(r.partial)")
            let missing = reported.filter { $0 >= r.stored }
            #expect(missing.isEmpty, "round \(round): reported commits missing: \(missing.sorted())")
            #expect(r.consecutive, "round \(round): a gap in the committed transactions")
        }
        #expect(reported.count > 24)
        print("LevelDB crash test: \(reported.count) reported commits over 24 kills, none lost, none partial")
    }
}
