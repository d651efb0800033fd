import Foundation
@_spi(Adapter) import LeaseholdCore
import LeaseholdConformance
import Testing

/// Whether `path` is a directory.
private func isDirectory(_ path: String) -> Bool {
    var directory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
}

/// `StoreDirectory.create`, the `mkdir -p` every file-backed adapter runs before it opens a
/// store it may create.
@Suite("Store directories")
struct StoreDirectoryTests {
    @Test("makes every missing directory, absolute or relative, and leaves existing ones alone")
    func makesMissingDirectories() throws {
        try withScratchDirectory("store-directory") { root in
            try StoreDirectory.create(root + "//a/./b/c/", engine: "X")
            #expect(isDirectory(root + "/a/b/c"))
            try StoreDirectory.create(root + "/a/b/c", engine: "X")   // again: nothing to do
            let relative = "leasehold-store-directory-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: relative) }
            try StoreDirectory.create("./" + relative + "/d", engine: "X")
            #expect(isDirectory(relative + "/d"))
        }
    }

    @Test("an empty path is invalidArgument; a file in the way is io naming the path")
    func badPaths() throws {
        #expect(throws: LeaseholdError.invalidArgument("an empty path is not a X store directory")) {
            try StoreDirectory.create("", engine: "X")
        }
        try withScratchDirectory("store-directory") { root in
            try StoreDirectory.create(root, engine: "X")
            #expect(FileManager.default.createFile(atPath: root + "/f", contents: Data()))
            #expect(throws: LeaseholdError.io("cannot create the X store directory '\(root)/f/g/h': '\(root)/f' is a file, not a directory")) {
                try StoreDirectory.create(root + "/f/g/h", engine: "X")
            }
            #expect(!FileManager.default.fileExists(atPath: root + "/f/g"))
        }
    }

    #if os(Linux)
    @Test("a directory the file system refuses is io naming the path, not a bare errno")
    func refused() throws {
        // /sys takes no new directories (EPERM or EACCES, even for root).
        let path = "/sys/leasehold-\(UUID().uuidString)/store"
        let error = #expect(throws: LeaseholdError.self) { try StoreDirectory.create(path, engine: "X") }
        guard case .io(let message)? = error else { Issue.record("\(String(describing: error)) is not io"); return }
        #expect(message.hasPrefix("cannot create the X store directory '\(path)': '/sys/leasehold-"))
    }
    #endif
}
