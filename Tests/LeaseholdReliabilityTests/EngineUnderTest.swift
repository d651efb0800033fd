import Foundation
import Leasehold
import LeaseholdLMDB
import LeaseholdLevelDB
import LeaseholdRocksDB
import Testing

/// An engine the reliability harnesses (soak, faults, crash) run against: how to open a store
/// and what the engine promises. Every harness is one parameterised test over ``all``.
struct EngineUnderTest: Sendable, CustomTestStringConvertible {
    /// What the engine does with a data file damaged on disk.
    enum DamagePromise: Sendable {
        /// Checksums catch it: reads or the open throw a typed error, never crash.
        case detected
        /// No checksums (LMDB): a damaged page may be read as if it were fine, reported as
        /// corrupted, or crash the reading process. Only checked in a child process.
        case undetected
    }

    /// The name in test output, and the engine argument of the `crash-child` executable.
    let name: String
    /// Opens the store in the directory `path`, creating it when missing: a fresh store for a new
    /// path, the same store again after a close.
    let open: @Sendable (_ path: String) throws -> AnyEngine
    /// Whether committed data survives close and reopen (and so whether faults and crashes
    /// apply).
    let persistent: Bool
    /// What a damaged data file does; `nil` for an engine without files.
    let damage: DamagePromise?
    /// How the names of its data files end (`data.mdb`, `.ldb`): what the damage tests overwrite.
    var dataFiles = ""
    /// Whether several processes may have the store open at once (LMDB; LevelDB and RocksDB lock
    /// the directory). The crash test then keeps it open while children die, and expects the
    /// reader slots they leave to be cleared by the next open.
    var sharedByProcesses = false

    var testDescription: String { name }

    /// Every engine under test: adding an engine is one line here.
    static let all: [EngineUnderTest] = [
        EngineUnderTest(name: "memory", open: { _ in AnyEngine(try MemoryEngine(options: .init(scanLease: .step, checked: true))) }, persistent: false, damage: nil),
        EngineUnderTest(name: "lmdb", open: { AnyEngine(try LMDBEngine(options: .init(path: $0, mapSize: 64 << 20, noSync: true))) }, persistent: true, damage: .undetected, dataFiles: "data.mdb", sharedByProcesses: true),
        EngineUnderTest(name: "leveldb", open: { AnyEngine(try LevelDBEngine(options: .init(path: $0, paranoidChecks: true, verifyChecksums: true, syncWrites: false))) }, persistent: true, damage: .detected, dataFiles: ".ldb"),
        EngineUnderTest(name: "rocksdb", open: { AnyEngine(try RocksDBEngine(options: .init(path: $0, syncWrites: false))) }, persistent: true, damage: .detected, dataFiles: ".sst"),
    ]

    /// The persistent ones.
    static var persistent: [EngineUnderTest] { all.filter(\.persistent) }
    /// Those whose checksums catch damaged files.
    static var checksummed: [EngineUnderTest] { all.filter { $0.damage == .detected } }
    /// Those that read damaged files unchecked.
    static var unchecksummed: [EngineUnderTest] { all.filter { $0.damage == .undetected } }

    /// The paths of the store's data files in `directory`.
    func dataFiles(in directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(dataFiles) }.sorted()
            .map { directory + "/" + $0 }
    }
}

/// A fresh directory path under the temporary directory (not created).
func scratchPath(_ label: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-\(label)-\(UUID().uuidString)").path
}

/// A whole-number setting from the environment, or `fallback`.
func environmentInt(_ name: String, _ fallback: Int) -> Int {
    ProcessInfo.processInfo.environment[name].flatMap { Int($0) } ?? fallback
}
