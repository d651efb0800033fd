import CrashTestSupport
import Foundation
import Leasehold
import LeaseholdRocksDB
import Testing

/// SIGKILL a process that is committing with synchronous writes, again and again: every commit it
/// reported is there after RocksDB recovers its write-ahead log, and no batch is there in part.
@Suite("RocksDB crash safety", .serialized)
struct RocksDBCrashTests {
    @Test("killed 24 times while committing (sync writes): every reported commit is there, none in part")
    func killedWhileCommitting() throws {
        let child = try CrashChild(engine: "rocksdb")
        let path = temporaryStorePath("crash")
        defer { removeStore(path) }
        var reported: Set<UInt64> = []
        for round in 0 ..< 24 {
            // RocksDB locks its directory: the store is opened only by the children, in turn.
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
        print("RocksDB crash test: \(reported.count) reported commits over 24 kills, none lost, none partial")
    }

    @Test("an open while another process holds the store: locked, naming the LOCK file; free again after it dies")
    func lockedByAnotherProcess() throws {
        let path = temporaryStorePath("locked-process")
        defer { removeStore(path) }
        let child = Process()
        child.executableURL = try CrashChild(engine: "rocksdb").executable
        child.arguments = ["rocksdb", path, "commit"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        var output = Data()  // wait until it has opened the store (its first commit)
        while !String(decoding: output, as: UTF8.self).contains("committed") && child.isRunning {
            output.append(pipe.fileHandleForReading.availableData)
        }
        #expect {
            _ = try RocksDBEngine(options: testOptions(path))
        } throws: { error in
            guard case LeaseholdError.locked(let what) = error else { return false }
            return what.hasPrefix(path + "/LOCK ")
        }
        // A read-only open takes no lock: it reads beside the writer.
        var readOnly = testOptions(path)
        readOnly.readOnly = true
        let reader = try RocksDBEngine(options: readOnly)
        #expect(try reader.read { try $0.count() } > 0)
        try reader.close()
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try RocksDBEngine(options: testOptions(path)).close()
    }
}
