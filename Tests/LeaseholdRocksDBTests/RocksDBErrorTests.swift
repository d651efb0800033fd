import CrashTestSupport
import Foundation
import LeaseholdConformance
import LeaseholdCore
@testable import LeaseholdRocksDB
import Testing

/// RocksDB's errors surface as the right `LeaseholdError` cases: each one provoked on a real
/// store where that can be done, and the mapping of RocksDB's status strings checked as well.
@Suite("RocksDB error mapping")
struct RocksDBErrorTests {
    @Test("a second open for writing in this process, however the path is spelled (as given, with '/.', through a symlink): locked, naming it; free again once the first closes")
    func lockedInProcess() throws {
        try withScratchDirectory("rocksdb-locked") { path in
            let first = try RocksDBEngine(options: testOptions(path))
            let link = path + "-link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
            defer { try? FileManager.default.removeItem(atPath: link) }
            for spelling in [path, path + "/.", link, link + "/"] {
                #expect { _ = try RocksDBEngine(options: testOptions(spelling)) } throws: { error in
                    guard case LeaseholdError.locked(let what) = error else { return false }
                    return what.contains("'\(spelling)'") && what.contains("already open in this process")
                }
            }
            try first.write { try $0.put([1], [1]) }  // the first open is unharmed
            try first.close()
            let again = try RocksDBEngine(options: testOptions(link + "/."))
            defer { try? again.close() }
            #expect(try again.read { try $0.get([1]) } == Bytes([1]))
        }
    }

    @Test("an open while another process holds the store: locked, naming the LOCK file; a read-only open reads beside it; free again after it dies")
    func lockedByAnotherProcess() throws {
        let directory = ScratchDirectory("rocksdb-locked-process")
        defer { directory.remove() }
        let path = directory.path
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

    @Test("a missing store that is not to be created: notFound, and nothing is created, not even the directory")
    func missing() throws {
        let path = ScratchDirectory("rocksdb-missing").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.createIfMissing = false
        #expect(throws: LeaseholdError.notFound("no RocksDB store at \(path) (CURRENT is missing), and createIfMissing is off")) {
            _ = try RocksDBEngine(options: options)
        }
        options.readOnly = true
        #expect(throws: LeaseholdError.notFound("no RocksDB store at \(path) (CURRENT is missing)")) {
            _ = try RocksDBEngine(options: options)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("errorIfExists on an existing store: alreadyExists")
    func exists() throws {
        let path = ScratchDirectory("rocksdb-exists").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RocksDBEngine(options: testOptions(path)).close()
        var options = testOptions(path)
        options.errorIfExists = true
        #expect(throws: LeaseholdError.alreadyExists("a RocksDB store exists at \(path), and errorIfExists is on")) {
            _ = try RocksDBEngine(options: options)
        }
    }

    @Test("a damaged CURRENT file: corrupted at open")
    func corruptedAtOpen() throws {
        let path = ScratchDirectory("rocksdb-current").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RocksDBEngine(options: testOptions(path)).close()
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: path + "/CURRENT"))
        #expect(throws: LeaseholdError.corrupted("CURRENT file does not end with newline")) {
            _ = try RocksDBEngine(options: testOptions(path))
        }
    }

    @Test("a damaged table block: corrupted from the scan that reads it, and from a get")
    func corruptedBlock() throws {
        let path = ScratchDirectory("rocksdb-block").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var options = testOptions(path)
        options.compression = .none
        let data = records(0x20, count: 5000, size: 100)
        do {
            let engine = try RocksDBEngine(options: options)
            try fill(engine, data)
            try engine.flush()
            try engine.close()
        }
        let table = try #require(try FileManager.default.contentsOfDirectory(atPath: path).first { $0.hasSuffix(".sst") })
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path + "/" + table))
        try file.seek(toOffset: 100_000)
        try file.write(contentsOf: Data(repeating: 0x5A, count: 300))
        try file.close()
        let engine = try RocksDBEngine(options: options)
        defer { try? engine.close() }
        let isCorrupted: (any Error) -> Bool = { if case LeaseholdError.corrupted(let what) = $0 { what.contains("checksum") } else { false } }
        #expect(performing: { try engine.read { try $0.scan { _, _ in } } }, throws: isCorrupted)
        #expect(performing: { try engine.read { txn in for (k, _) in data { _ = try txn.get(k) } } }, throws: isCorrupted)
    }

    @Test("a path that is a file: io")
    func ioError() throws {
        let path = ScratchDirectory("rocksdb-file").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try RocksDBEngine(options: testOptions(path))
        } throws: { error in
            guard case LeaseholdError.io(let what) = error else { return false }
            return what.contains(path) && what.contains("not a directory")
        }
    }

    @Test("nonsensical options: invalidArgument; keys over the configured limit: keyTooLarge")
    func badOptionsAndKeys() throws {
        #expect(throws: LeaseholdError.self) { _ = try RocksDBEngine(options: .init(path: "")) }
        #expect {
            _ = try RocksDBEngine(options: .init(path: ScratchDirectory("rocksdb-bad").path, blockCacheSize: -1))
        } throws: { error in
            if case LeaseholdError.invalidArgument = error { true } else { false }
        }
        try withStore("keys") { engine in
            #expect(engine.capabilities.maxKeySize == 1024)
            #expect(throws: LeaseholdError.keyTooLarge(size: 1025, limit: 1024)) {
                try engine.write { try $0.put([UInt8](repeating: 1, count: 1025), [1]) }
            }
        }
    }

    @Test("RocksDB's status strings map to the cases a caller tells apart")
    func statusStrings() {
        let open = RocksDBOperation.open(path: "/db")
        #expect(RocksDBCall.error("IO error: While lock file: /db/LOCK: Resource temporarily unavailable", open)
            == .locked("/db/LOCK is held by another open of this store, in this process or another (While lock file: /db/LOCK: Resource temporarily unavailable)"))
        #expect(RocksDBCall.lockFile(in: "lock hold by current process, acquire time 1 acquiring thread 2: /a b/LOCK: No locks available") == "/a b/LOCK")
        #expect(RocksDBCall.error("IO error: No space left on device: /db/000012.log", .write) == .io("No space left on device: /db/000012.log"))
        #expect(RocksDBCall.error("IO error: No such file or directory: While opening a file for sequentially reading: /db/CURRENT: No such file or directory", open)
            == .notFound("no RocksDB store at /db (No such file or directory: While opening a file for sequentially reading: /db/CURRENT: No such file or directory)"))
        #expect(RocksDBCall.error("Invalid argument: /db/CURRENT: does not exist (create_if_missing is false)", open)
            == .notFound("no RocksDB store at /db, and createIfMissing is off"))
        #expect(RocksDBCall.error("Corruption: block checksum mismatch", .read) == .corrupted("block checksum mismatch"))
        #expect(RocksDBCall.error("Invalid argument: Compression type ZSTD is not linked with the binary.", open)
            == .invalidArgument("Compression type ZSTD is not linked with the binary."))
        #expect(RocksDBCall.error("Not implemented: Not supported operation in read only mode.", .write) == .readOnly)
        #expect(RocksDBCall.error("NotFound: ", .read) == .notFound(""))
        #expect(RocksDBCall.error("Resource busy: ", .write) == .busy(""))
        #expect(RocksDBCall.error("Operation aborted: stop", .write) == .engineFailure(engine: "rocksdb", code: 10, message: "Operation aborted: stop"))
        #expect(RocksDBCall.error("something else", .write) == .engineFailure(engine: "rocksdb", code: -1, message: "something else"))
    }
}
