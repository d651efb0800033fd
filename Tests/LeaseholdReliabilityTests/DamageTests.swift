import CrashTestSupport
import Foundation
import Leasehold
import LeaseholdConformance
import Testing

/// Data files damaged on disk: bytes overwritten in a copy of a store, never in the original.
///
/// Engines with checksums (``EngineUnderTest/DamagePromise/detected``) are read in this process:
/// the promise is a typed error and never a crash. Engines without are read by a child process,
/// since a damaged page may crash the reader.
@Suite("Damaged files")
struct DamageTests {
    static let records = 2_000

    static func key(_ i: Int) -> [UInt8] { [0x64, UInt8(i >> 8), UInt8(i & 0xff)] }
    static func value(_ i: Int) -> [UInt8] { (0 ..< 100).map { UInt8(truncatingIfNeeded: i &* 13 &+ $0 &* 7) } }

    /// Overwrites `count` bytes at `offset` of the file at `path` with bytes from `random`.
    static func overwrite(_ path: String, at offset: Int, count: Int, _ random: inout SeededGenerator) throws {
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? file.close() }
        try file.seek(toOffset: UInt64(offset))
        try file.write(contentsOf: Data((0 ..< count).map { _ in UInt8(truncatingIfNeeded: random.next()) }))
    }

    static func size(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
    }

    static func copy(_ from: String, _ to: String) throws {
        try? FileManager.default.removeItem(atPath: to)
        try FileManager.default.copyItem(atPath: from, toPath: to)
    }

    /// Opens a store and reads every record, by scan and by key; returns how many were right.
    static func readAll(_ engine: EngineUnderTest, _ path: String) throws -> Int {
        let store = try engine.open(path)
        defer { try? store.close() }
        return try store.read { txn in
            var right = 0
            try txn.scan { key, value in
                if key.count == 3, value.elementsEqual(Self.value(Int(key[1]) << 8 | Int(key[2]))) { right += 1 }
            }
            for i in 0 ..< records { _ = try txn.get(key(i)) }
            return right
        }
    }

    // MARK: Checksums

    @Test("a damaged data file read with checksums on: corrupted, never a crash or wrong data", arguments: EngineUnderTest.checksummed)
    func checksummed(_ engine: EngineUnderTest) throws {
        let original = scratchPath("damage-\(engine.name)"), copy = original + "-copy"
        defer {
            try? FileManager.default.removeItem(atPath: original)
            try? FileManager.default.removeItem(atPath: copy)
        }
        let store = try engine.open(original)
        try store.write { txn in for i in 0 ..< Self.records { try txn.put(Self.key(i), Self.value(i)) } }
        try store.close()
        try engine.open(original).close()  // a reopen moves the log's records into table files
        let files = try engine.dataFiles(in: original)
        try #require(!files.isEmpty, "no \(engine.dataFiles) files in \(original)")

        // Fixed damage (64 bytes at a quarter and at half of every data file), then random damage.
        var outcomes: [String: Int] = [:]
        let trials = environmentInt("LEASEHOLD_DAMAGE_TRIALS", 8)
        for trial in -1 ..< trials {
            var random = SeededGenerator(seed: UInt64(trial + 1))
            try Self.copy(original, copy)
            for file in try engine.dataFiles(in: copy) {
                let size = try Self.size(file)
                let offsets = trial < 0 ? [size / 4, size / 2] : (0 ..< 2).map { _ in random.below(max(size - 64, 1)) }
                for offset in offsets { try Self.overwrite(file, at: offset, count: 64, &random) }
            }
            let outcome: String
            do {
                let right = try Self.readAll(engine, copy)
                outcome = right == Self.records ? "intact" : "wrong data"
            } catch LeaseholdError.corrupted {
                outcome = "corrupted"
            } catch {
                outcome = "other error: \(error)"
            }
            outcomes[outcome, default: 0] += 1
            if trial < 0 { #expect(outcome == "corrupted", "the damaged copy read as: \(outcome)") }
            #expect(outcome == "corrupted" || outcome == "intact", "trial \(trial): \(outcome)")
        }
        #expect(try Self.readAll(engine, original) == Self.records, "the original store is intact")
        print("damage \(engine.name): \(trials + 1) damaged copies read in this process: \(outcomes.sorted { $0.key < $1.key })")
    }

    // MARK: No checksums

    @Test("a damaged data file without checksums, read in a child: meta pages corrupted, values silently wrong, pages may crash the reader", arguments: EngineUnderTest.unchecksummed)
    func unchecksummed(_ engine: EngineUnderTest) throws {
        let child = try CrashChild(engine: engine.name)
        let original = scratchPath("damage-\(engine.name)"), copy = original + "-copy"
        defer {
            try? FileManager.default.removeItem(atPath: original)
            try? FileManager.default.removeItem(atPath: copy)
        }
        let populated = try child.populate(original, count: 300)
        try #require(populated.committed.count == 300, "\(populated.run.lines.suffix(3))")
        let file = try #require(try engine.dataFiles(in: original).first)
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        var random = SeededGenerator(seed: 1)

        // The first 8 KiB (LMDB's two meta pages): the open fails with a typed error.
        try Self.copy(original, copy)
        try Self.overwrite(file.replacingOccurrences(of: original, with: copy), at: 0, count: 8192, &random)
        let meta = try child.check(copy)
        #expect(meta.run.exitCode == 1 && meta.error?.hasPrefix("corrupted") == true, "\(meta.run.lines)")

        // Ten bytes inside one stored value: read back as they are, without an error.
        let value = (0 ..< 100).map { UInt8(truncatingIfNeeded: 150 &* 31 &+ 3 &* 7 &+ $0) }  // crash layout, transaction 150, key 3
        let at = try #require(data.firstRange(of: Data(value))?.lowerBound)
        try Self.copy(original, copy)
        try Self.overwrite(file.replacingOccurrences(of: original, with: copy), at: at + 10, count: 10, &random)
        let silent = try child.check(copy)
        #expect(silent.run.exitCode == 0 && silent.stored == 300 && silent.wrong.count == 1, "\(silent.run.lines)")

        // Random damage to the tree's pages: a typed error, wrong data, or a crash of the reader;
        // never a hang, never harm to this process or to the original.
        var outcomes: [String: Int] = [:]
        let trials = environmentInt("LEASEHOLD_DAMAGE_TRIALS", 8)
        for _ in 0 ..< trials {
            try Self.copy(original, copy)
            for _ in 0 ..< 4 {
                try Self.overwrite(file.replacingOccurrences(of: original, with: copy), at: 8192 + random.below(data.count - 8192 - 64), count: 64, &random)
            }
            let check = try child.check(copy, timeout: 120, quiet: true)
            let outcome: String
            if check.run.signal == SIGKILL {
                outcome = "hang"
            } else if let error = check.error {
                outcome = error.hasPrefix("corrupted") ? "corrupted" : "other error"
            } else if check.run.signal != nil || check.run.exitCode != 0 {
                outcome = "crash"  // a signal; under a sanitizer, its report and a non-zero exit
            } else if check.stored == 300 && check.consecutive && check.partial.isEmpty && check.wrong.isEmpty && check.foreign == 0 {
                outcome = "intact"
            } else {
                outcome = "wrong data"
            }
            outcomes[outcome, default: 0] += 1
        }
        #expect(outcomes["hang"] == nil)
        #expect(try child.check(original).stored == 300, "the original store is intact")
        print("damage \(engine.name): \(trials) copies with random page damage, read by a child: \(outcomes.sorted { $0.key < $1.key })")
    }
}
