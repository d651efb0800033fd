import Foundation
import Leasehold
import LeaseholdConformance
import LeaseholdLMDB
import Testing

/// Where an LMDB store may be opened: missing parents are made (createIfMissing), a store that
/// is not to be created is `notFound` naming its path, a path that cannot be a directory is a
/// typed error naming it — never a bare errno.
@Suite("LMDB paths")
struct LMDBPathTests {
    @Test("createIfMissing makes the missing parents, like mkdir -p, and the store keeps its data")
    func createsMissingParents() throws {
        try withScratchDirectory("lmdb-paths") { root in
            let path = root + "/a/b/store"
            let engine = try LMDBEngine(options: testOptions(path))
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            try engine.close()
            let again = try LMDBEngine(options: testOptions(path))
            defer { try? again.close() }
            #expect(try again.read { try $0.get(Bytes("k")) } == Bytes("v"))
            // The parents get the mode mkdir(2) gives 0o755 under this process's umask.
            try FileManager.default.createDirectory(atPath: root + "/reference", withIntermediateDirectories: false)
            let reference = try FileManager.default.attributesOfItem(atPath: root + "/reference")[.posixPermissions] as? Int
            #expect(try FileManager.default.attributesOfItem(atPath: root + "/a")[.posixPermissions] as? Int == reference)
        }
    }

    @Test("a missing store with createIfMissing off, or read-only, is notFound naming the path; nothing is made")
    func missingStoreIsNotFound() throws {
        try withScratchDirectory("lmdb-paths") { root in
            let path = root + "/a/b/store"
            var options = testOptions(path)
            options.createIfMissing = false
            #expect(throws: LeaseholdError.notFound("no LMDB store in '\(path)' (data.mdb is missing), and createIfMissing is off")) {
                try LMDBEngine(options: options)
            }
            options.readOnly = true
            #expect(throws: LeaseholdError.notFound("no LMDB store in '\(path)' (data.mdb is missing)")) {
                try LMDBEngine(options: options)
            }
            #expect(!FileManager.default.fileExists(atPath: root))
            let registry = try EngineRegistry([.lmdb])
            #expect(throws: LeaseholdError.notFound("no lmdb store at '\(path)'")) {
                try registry.open("lmdb:\(path)", access: .readOnly)
            }
            #expect(throws: LeaseholdError.notFound("no LMDB store in '\(path)' and createIfMissing=false")) {
                try registry.open("lmdb:\(path)?createIfMissing=false")
            }
            #expect(!FileManager.default.fileExists(atPath: root))
        }
    }

    @Test("a file where a directory must be is io naming the path and the file")
    func fileInTheWay() throws {
        try withScratchDirectory("lmdb-paths") { root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let file = root + "/file"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            #expect(throws: LeaseholdError.io(
                "cannot create the LMDB store directory '\(file)/store': '\(file)' is a file, not a directory")) {
                try LMDBEngine(options: testOptions(file + "/store"))
            }
            #expect(throws: LeaseholdError.io("cannot create the LMDB store directory '\(file)': it is a file, not a directory")) {
                try LMDBEngine(options: testOptions(file))
            }
        }
    }

    @Test("a missing named database with createIfMissing off is notFound naming it and the path")
    func missingDatabase() throws {
        try withScratchDirectory("lmdb-paths") { path in
            var options = testOptions(path)
            options.maxDatabases = 2
            try LMDBEngine(options: options).close()
            options.databaseName = "orders"
            options.createIfMissing = false
            #expect(throws: LeaseholdError.notFound("no LMDB database 'orders' in '\(path)', and createIfMissing is off")) {
                try LMDBEngine(options: options)
            }
        }
    }
}
