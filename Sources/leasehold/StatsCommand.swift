import ArgumentParser
import Foundation
import Leasehold

/// `leasehold stats`: what the engine is (its manifest), what the store holds, and the lease
/// counters of reading all of it.
struct StatsCommand: StoreCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print the engine's manifest, the store's size, and the lease counters of a full scan.")

    @Flag(help: "One JSON object instead of text.")
    var json = false
    @OptionGroup var store: StoreOptions

    func run(in context: CommandContext) throws {
        let url = try context.storeURL()
        let engine = try context.open(access: .readOnly)
        defer { try? engine.close() }
        let before = engine.statistics.snapshot()
        var records = 0, keyBytes = 0, valueBytes = 0
        try engine.read { txn in
            try txn.scan { key, value in
                records += 1
                keyBytes += key.count
                valueBytes += value.count
            }
        }
        let counters = engine.statistics.snapshot() - before
        let c = engine.capabilities
        let manifest: [(String, Any)] = [
            ("engine", c.engine), ("point_reads", c.pointReads.rawValue), ("scans", c.scans.rawValue),
            ("scan_values", c.scanValues.rawValue), ("write_reads", c.writeReads.rawValue),
            ("snapshots", c.snapshots), ("persistent", c.persistent), ("read_your_writes", c.readYourWrites),
            ("isolation", c.isolation.rawValue), ("max_key_size", c.maxKeySize ?? NSNull()),
            ("max_value_size", c.maxValueSize ?? NSNull()), ("poisons_expired_memory", c.poisonsExpiredMemory),
        ]
        if json {
            let object: [String: Any] = [
                "store": "\(url)", "records": records, "key_bytes": keyBytes, "value_bytes": valueBytes,
                "capabilities": Dictionary(uniqueKeysWithValues: manifest),
                "lease_counters": [
                    "registered": counters.sinksRegistered, "copies": counters.sinksCopied, "inline_copies": counters.inlineCopies,
                    "bytes_copied": counters.bytesCopied, "arenas": counters.arenasAllocated, "expiries": counters.expiries,
                ],
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("store: \(url)")
        for (name, value) in manifest {
            print("  \(name.padding(toLength: 24, withPad: " ", startingAt: 0)) \(value is NSNull ? "none" : "\(value)")")
        }
        print("records: \(records) (keys \(keyBytes) bytes, values \(valueBytes) bytes)")
        print("lease counters of that scan: \(counters)")
    }
}

/// `leasehold engines`: the registered schemes, their options and configuration keys.
struct EnginesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engines", abstract: "List the engines this build knows, with every option and its configuration keys.")

    /// The root command, whose store options this command rejects (it opens no store).
    @ParentCommand var root: LeaseholdCommand

    func validate() throws { try root.store.rejectUnused(by: "engines") }

    func run() throws {
        for registration in Engines.registry.registrations {
            print("\(registration.scheme):  \(registration.summary)")
            print("  example: \(registration.example)")
            for option in registration.options {
                let key = "\(registration.scheme).\(option.name)"
                print("  \(option.name)  (\(option.kind.summary); default \(option.defaultValue ?? "none"))")
                print("      \(option.summary)")
                print("      config key \(key), environment \(Self.environmentName(key))")
            }
        }
    }

    /// The environment variable swift-configuration reads for `key` under the `leasehold` prefix:
    /// `lmdb.mapSize` → `LEASEHOLD_LMDB_MAP_SIZE`.
    static func environmentName(_ key: String) -> String {
        var out = "LEASEHOLD_"
        var previous: Character = "."
        for c in key {
            if c == "." || !(c.isLetter || c.isNumber) {
                out += "_"
            } else {
                if c.isUppercase && previous.isLowercase { out += "_" }
                out += c.uppercased()
            }
            previous = c
        }
        return out
    }
}
