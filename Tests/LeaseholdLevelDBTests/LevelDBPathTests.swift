import Foundation
import LeaseholdConformance
import LeaseholdCore
import LeaseholdLevelDB
import Testing

/// Where a LevelDB store may be opened: missing parents are made (createIfMissing), a store that
/// is not to be created is `notFound` naming its path, a path that cannot be a directory is a
/// typed error naming it.
@Suite("LevelDB paths")
struct LevelDBPathTests {
    @Test("createIfMissing makes the missing parents, like mkdir -p, and the store keeps its data")
    func createsMissingParents() throws {
        try withScratchDirectory("leveldb-paths") { root in
            let path = root + "/a/b/store"
            let engine = try LevelDBEngine(options: testOptions(path))
            try engine.write { try $0.put(Bytes("k"), Bytes("v")) }
            try engine.close()
            let again = try LevelDBEngine(options: testOptions(path))
            defer { try? again.close() }
            #expect(try again.read { try $0.get(Bytes("k")) } == Bytes("v"))
            try FileManager.default.createDirectory(atPath: root + "/reference", withIntermediateDirectories: false)
            let reference = try FileManager.default.attributesOfItem(atPath: root + "/reference")[.posixPermissions] as? Int
            #expect(try FileManager.default.attributesOfItem(atPath: root + "/a")[.posixPermissions] as? Int == reference)
        }
    }

    @Test("a missing store with createIfMissing off, or read-only, is notFound naming the path; nothing is made")
    func missingStoreIsNotFound() throws {
        try withScratchDirectory("leveldb-paths") { root in
            let path = root + "/a/b/store"
            var options = testOptions(path)
            options.createIfMissing = false
            expectNotFound(naming: path) { try LevelDBEngine(options: options) }
            options.readOnly = true
            expectNotFound(naming: path) { try LevelDBEngine(options: options) }
            let registry = try EngineRegistry([.leveldb])
            expectNotFound(naming: path) { try registry.open("leveldb:\(path)", access: .readOnly) }
            expectNotFound(naming: path) { try registry.open("leveldb:\(path)?createIfMissing=false") }
            #expect(!FileManager.default.fileExists(atPath: root))
        }
    }

    @Test("a file where a directory must be is io naming the path and the file")
    func fileInTheWay() throws {
        try withScratchDirectory("leveldb-paths") { root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let file = root + "/file"
            #expect(FileManager.default.createFile(atPath: file, contents: Data("x".utf8)))
            #expect(throws: LeaseholdError.io(
                "cannot create the LevelDB store directory '\(file)/store': '\(file)' is a file, not a directory")) {
                try LevelDBEngine(options: testOptions(file + "/store"))
            }
            #expect(throws: LeaseholdError.io("cannot create the LevelDB store directory '\(file)': it is a file, not a directory")) {
                try LevelDBEngine(options: testOptions(file))
            }
        }
    }

    /// Expects `body` to throw ``LeaseholdError/notFound(_:)`` whose message names `path`.
    func expectNotFound(naming path: String, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Any) {
        let error = #expect(throws: LeaseholdError.self, sourceLocation: sourceLocation) { _ = try body() }
        guard case .notFound(let message)? = error else {
            if let error { Issue.record("\(error) is not notFound", sourceLocation: sourceLocation) }
            return
        }
        #expect(message.contains(path), "'\(message)' names '\(path)'", sourceLocation: sourceLocation)
    }
}
