import Foundation
import LeaseholdCore

/// Where a file-backed store lives: a path under missing directories is made as `mkdir -p`
/// would; a store that is not to be created and is not there is `notFound`, named, and nothing
/// is left behind. The same on every engine whose stores are directories.
extension ConformanceSuite {
    static let pathCases: [ConformanceCase] = [
        ConformanceCase("paths.createsMissingParents", "A store opened read-write at a path under directories that do not exist (createIfMissing on, the default) creates them, as mkdir -p does, and keeps what is written there across a reopen.", requires: [.persistent, .harnessOpensPaths]) { ctx in
            let paths = ctx.harness.paths!
            let root = try paths.fresh()
            defer { paths.remove(root) }
            let path = root + "/missing/parents/store"
            let created = try paths.open(path, .readWrite, [:])
            do {
                try created.write { try $0.put([0x70, 1], [0x76]) }
                try created.close()
            } catch {
                try? created.close()
                throw error
            }
            var isDirectory: ObjCBool = false
            try expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue,
                       "'\(path)' is a directory after the open")
            let reopened = try paths.open(path, .readWrite, [:])
            defer { try? reopened.close() }
            try reopened.read { try expectEqual(try $0.get([0x70, 1]), Bytes([0x76]), "the value written under new parents, after a reopen") }
            if paths.takesOption("createIfMissing") {
                let explicit = try paths.open(root + "/again/store", .readWrite, ["createIfMissing": "true"])
                try explicit.close()
                try expect(FileManager.default.fileExists(atPath: root + "/again/store"), "createIfMissing=true made the parents too")
            }
        },
        ConformanceCase("paths.missingStoreNamesPath", "Opening a store that does not exist read-only (or read-write with createIfMissing=false, where the engine takes it) throws notFound whose message names the path, and creates nothing — neither the store nor its missing parents.", requires: [.persistent, .harnessOpensPaths]) { ctx in
            let paths = ctx.harness.paths!
            let root = try paths.fresh()
            defer { paths.remove(root) }
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            var attempts: [(String, EngineAccess, [String: String])] = [
                (root + "/store", .readOnly, [:]), (root + "/missing/parents/store", .readOnly, [:]),
            ]
            if paths.takesOption("createIfMissing") {
                attempts += [(root + "/store", .readWrite, ["createIfMissing": "false"]),
                             (root + "/missing/parents/store", .readWrite, ["createIfMissing": "false"])]
            }
            for (path, access, options) in attempts {
                let what = "an open (\(access)\(options.isEmpty ? "" : ", \(options)")) of the missing store '\(path)'"
                do {
                    let opened = try paths.open(path, access, options)
                    try? opened.close()
                    throw fail("\(what) succeeded")
                } catch LeaseholdError.notFound(let message) {
                    try expect(message.contains(path), "\(what): notFound names the path, but says '\(message)'")
                } catch let failure as ConformanceFailure {
                    throw failure
                } catch {
                    throw fail("\(what): \(error), not notFound")
                }
                try expect(!FileManager.default.fileExists(atPath: path), "\(what) created the store's directory")
                try expect(!FileManager.default.fileExists(atPath: root + "/missing"), "\(what) created a missing parent")
            }
        },
    ]
}
