import CLevelDB
import CrashTestSupport
import Foundation
import LeaseholdConformance
import LeaseholdCore
import LeaseholdLevelDB
import Testing

/// LevelDB's status messages surface as the right `LeaseholdError` cases.
@Suite("LevelDB error mapping")
struct LevelDBErrorTests {
    /// Whether `error` is `.locked` with a message naming the store's LOCK file.
    func namesLock(_ error: any Error, _ path: String) -> Bool {
        guard case LeaseholdError.locked(let what) = error else { return false }
        return what.contains(path + "/LOCK")
    }

    @Test("a second open in this process, however the path is spelled (as given, with '/.', through a symlink): locked, naming it; free again once the first closes")
    func lockedInProcess() throws {
        try withScratchDirectory("leveldb-locked") { path in
            let engine = try LevelDBEngine(options: testOptions(path))
            let link = path + "-link"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
            defer { try? FileManager.default.removeItem(atPath: link) }
            for spelling in [path, path + "/.", link, link + "/"] {
                #expect { _ = try LevelDBEngine(options: testOptions(spelling)) } throws: { error in
                    guard case LeaseholdError.locked(let what) = error else { return false }
                    return what.contains("'\(spelling)'") && what.contains("already open in this process")
                }
            }
            // The first store is untouched by the failed opens; once it closes, any spelling opens.
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            #expect(try engine.read { try $0.get(Bytes("k")) } == Bytes("v"))
            try engine.close()
            let again = try LevelDBEngine(options: testOptions(link + "/."))
            defer { try? again.close() }
            #expect(try again.read { try $0.get(Bytes("k")) } == Bytes("v"))
        }
    }

    @Test("an open while another process holds the store: locked, naming the LOCK file; free again after it dies")
    func lockedByAnotherProcess() throws {
        let directory = ScratchDirectory("leveldb-locked-process")
        defer { directory.remove() }
        let path = directory.path
        let child = Process()
        child.executableURL = try CrashChild(engine: "leveldb").executable
        child.arguments = ["leveldb", path, "commit"]
        let pipe = Pipe()
        child.standardOutput = pipe
        try child.run()
        // Wait until it has opened the store (its first commit).
        var output = Data()
        while !String(decoding: output, as: UTF8.self).contains("committed") && child.isRunning {
            output.append(pipe.fileHandleForReading.availableData)
        }
        #expect { _ = try LevelDBEngine(options: testOptions(path)) } throws: { namesLock($0, path) }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        let engine = try LevelDBEngine(options: testOptions(path))
        try engine.close()
    }

    @Test("createIfMissing off: a missing directory is notFound and nothing is created")
    func missingDirectory() throws {
        let path = ScratchDirectory("leveldb-missing").path
        var options = testOptions(path)
        options.createIfMissing = false
        #expect { _ = try LevelDBEngine(options: options) } throws: {
            if case LeaseholdError.notFound(let what) = $0 { return what.contains(path) } else { return false }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("readOnly: a missing store is notFound and nothing is created; an existing one reads and refuses writes")
    func readOnly() throws {
        try withScratchDirectory("leveldb-readonly") { path in
            var options = testOptions(path)
            options.readOnly = true
            #expect(throws: LeaseholdError.notFound("no LevelDB store in '\(path)' (CURRENT is missing)")) {
                _ = try LevelDBEngine(options: options)
            }
            #expect(!FileManager.default.fileExists(atPath: path))
            let writer = try LevelDBEngine(options: testOptions(path))
            try writer.write { try $0.put(Bytes("k"), Bytes("v")) }
            try writer.close()
            let reader = try LevelDBEngine(options: options)
            defer { try? reader.close() }
            #expect(try reader.read { try $0.get(Bytes("k")) } == Bytes("v"))
            #expect(throws: LeaseholdError.readOnly) { try reader.write { try $0.put(Bytes("x"), Bytes("y")) } }
            #expect(try reader.read { try $0.get(Bytes("x")) } == nil)
        }
    }

    @Test("createIfMissing off: a directory without a store is notFound (LevelDB's own message)")
    func emptyDirectory() throws {
        let path = ScratchDirectory("leveldb-empty").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        var options = testOptions(path)
        options.createIfMissing = false
        #expect { _ = try LevelDBEngine(options: options) } throws: {
            if case LeaseholdError.notFound(let what) = $0 { return what.contains("create_if_missing is false") } else { return false }
        }
    }

    @Test("errorIfExists on an existing store: alreadyExists; the store is intact")
    func alreadyExists() throws {
        let path = ScratchDirectory("leveldb-exists").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try LevelDBEngine(options: testOptions(path))
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            try engine.close()
        }
        var options = testOptions(path)
        options.errorIfExists = true
        #expect { _ = try LevelDBEngine(options: options) } throws: {
            if case LeaseholdError.alreadyExists(let what) = $0 { return what.contains(path) } else { return false }
        }
        let engine = try LevelDBEngine(options: testOptions(path))
        defer { try? engine.close() }
        #expect(try engine.read { try $0.get(Bytes("k")) } == Bytes("v"))
    }

    @Test("a damaged CURRENT file: corrupted")
    func corruptedCurrent() throws {
        let path = ScratchDirectory("leveldb-current").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try LevelDBEngine(options: testOptions(path)).close()
        try Data("MANIFEST-garbage".utf8).write(to: URL(fileURLWithPath: path + "/CURRENT"))
        #expect { _ = try LevelDBEngine(options: testOptions(path)) } throws: {
            if case LeaseholdError.corrupted(let what) = $0 { return what.contains("CURRENT") } else { return false }
        }
    }

    @Test("a damaged table, read with checksums on: corrupted, from get and from a scan")
    func corruptedTable() throws {
        let path = ScratchDirectory("leveldb-table").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let engine = try LevelDBEngine(options: testOptions(path))
            try engine.write { txn in for i in 0 ..< 2000 { try txn.put([0x20, UInt8(i >> 8), UInt8(i & 0xff)], filler(i, count: 200)) } }
            try engine.compact()
            try engine.close()
        }
        // Flip bytes in the middle of every table file.
        let tables = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".ldb") }
        #expect(!tables.isEmpty)
        for name in tables {
            let url = URL(fileURLWithPath: path + "/" + name)
            var data = try Data(contentsOf: url)
            for i in stride(from: 100, to: data.count / 2, by: 997) { data[i] ^= 0xff }
            try data.write(to: url)
        }
        var options = testOptions(path)
        options.verifyChecksums = true
        options.paranoidChecks = true
        let engine = try LevelDBEngine(options: options)
        defer { try? engine.close() }
        let isCorrupted: (any Error) -> Bool = { if case LeaseholdError.corrupted = $0 { return true } else { return false } }
        #expect(performing: { try engine.read { txn in try txn.scan { _, _ in } } }, throws: isCorrupted)
        #expect(performing: { try engine.read { txn in _ = try txn.get([0x20, 0, 1]) } }, throws: isCorrupted)
    }

    @Test("a path inside a regular file: io, with the file system's reason")
    func ioError() throws {
        let file = ScratchDirectory("leveldb-file").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        #expect { _ = try LevelDBEngine(options: testOptions(file + "/store")) } throws: {
            if case LeaseholdError.io(let what) = $0 { return what.contains("not a directory") } else { return false }
        }
    }

    @Test("a store made with another comparator: invalidArgument")
    func comparatorMismatch() throws {
        let path = ScratchDirectory("leveldb-comparator").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Create the store through the C API with a comparator of another name.
        let comparator = leveldb_comparator_create(
            nil, { _ in },
            { _, a, alen, b, blen in Int32(memcmp(a!, b!, min(alen, blen))) },
            { _ in UnsafeRawPointer(("leasehold.test.other" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self) })
        let options = leveldb_options_create()
        leveldb_options_set_create_if_missing(options, 1)
        leveldb_options_set_comparator(options, comparator)
        var message: UnsafeMutablePointer<CChar>?
        let db = leveldb_open(options, path, &message)
        #expect(message == nil)
        leveldb_close(db)
        leveldb_options_destroy(options)
        leveldb_comparator_destroy(comparator)
        #expect { _ = try LevelDBEngine(options: testOptions(path)) } throws: {
            if case LeaseholdError.invalidArgument(let what) = $0 { return what.contains("comparator") } else { return false }
        }
    }

    @Test("nonsensical options: invalidArgument before anything is opened")
    func badOptions() throws {
        let path = ScratchDirectory("leveldb-options").path
        var options = testOptions(path)
        options.blockSize = 0
        #expect { _ = try LevelDBEngine(options: options) } throws: {
            if case LeaseholdError.invalidArgument = $0 { return true } else { return false }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
