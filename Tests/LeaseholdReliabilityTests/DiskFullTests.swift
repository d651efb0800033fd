import CrashTestSupport
import Foundation
import Leasehold
import Testing

/// A file system that refuses writes, for every persistent engine: a child process commits under
/// a small file-size limit (`RLIMIT_FSIZE`, no privileges needed) until a write fails.
@Suite("Disk full")
struct DiskFullTests {
    @Test("a write past the file-size limit throws io; the store reopens with every earlier commit", arguments: EngineUnderTest.persistent)
    func writeFailsInTheFileSystem(_ engine: EngineUnderTest) throws {
        let child = try CrashChild(engine: engine.name)
        let path = scratchPath("full-\(engine.name)")
        defer { try? FileManager.default.removeItem(atPath: path) }

        let fill = try child.fill(path, limit: 256 << 10)
        #expect(fill.run.exitCode == 0, "the child did not end by itself: \(fill.run.lines.suffix(3))")
        #expect(fill.failureKind == "io", "the failed write threw \(fill.failure ?? "nothing")")
        #expect(fill.committed.count > 10, "too few commits before the limit: \(fill.committed.count)")

        // Every commit the child reported is there, whole, in order; the failed one is there
        // whole or not at all.
        let check = try child.check(path)
        let stored = try #require(check.stored, "the store did not open after the failure: \(check.run.lines)")
        #expect(stored >= fill.committed.count && stored <= fill.committed.count + 1, "stored \(stored), reported \(fill.committed.count)")
        #expect(check.consecutive && check.partial.isEmpty && check.wrong.isEmpty, "\(check.run.lines)")

        // Without the limit the store takes writes again.
        let store = try engine.open(path)
        defer { try? store.close() }
        try store.write { try $0.put([0x7f], [1, 2, 3]) }
        #expect(try store.read { try $0.get([0x7f]) } == Bytes([1, 2, 3]))
        print("disk full \(engine.name): \(fill.committed.count) commits under a 256 KiB limit, then: \(fill.failure ?? "-");"
            + " reopened with \(stored) (the failed one \(stored > fill.committed.count ? "there whole" : "not there"))")
    }
}
