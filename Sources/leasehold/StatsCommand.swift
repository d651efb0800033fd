import ArgumentParser
import Foundation
import Leasehold

/// `leasehold stats`: what the engine is (its manifest), what the store holds, and the lease
/// counters of reading all of it.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats", abstract: "Print the engine's manifest, the store's size, and the lease counters of a full scan.")

    @Flag(help: "One JSON object instead of text.")
    var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        let context = try await store.context()
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
        let manifest: [(String, String)] = [
            ("engine", c.engine), ("point reads lent for", c.pointReads.rawValue), ("scans lent for", c.scans.rawValue),
            ("scanned values lent for", c.scanValues.rawValue), ("reads in a write lent for", c.writeReads.rawValue),
            ("snapshots", "\(c.snapshots)"), ("persistent", "\(c.persistent)"), ("read your writes", "\(c.readYourWrites)"),
            ("isolation", c.isolation.rawValue), ("max key size", c.maxKeySize.map(String.init) ?? "none"),
            ("max value size", c.maxValueSize.map(String.init) ?? "none"),
        ]
        if json {
            var object: [String: Any] = ["store": "\(url)", "records": records, "key_bytes": keyBytes, "value_bytes": valueBytes]
            object["capabilities"] = Dictionary(uniqueKeysWithValues: manifest.map { ($0.0.replacingOccurrences(of: " ", with: "_"), $0.1) })
            object["lease_counters"] = [
                "registered": counters.sinksRegistered, "copies": counters.sinksCopied, "inline_copies": counters.inlineCopies,
                "bytes_copied": counters.bytesCopied, "arenas": counters.arenasAllocated, "expiries": counters.expiries,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("store: \(url)")
        for (name, value) in manifest { print("  \(name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(value)") }
        print("records: \(records) (keys \(keyBytes) bytes, values \(valueBytes) bytes)")
        print("lease counters of that scan: \(counters)")
    }
}

/// `leasehold engines`: the registered schemes, their options and configuration keys.
struct EnginesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engines", abstract: "List the engines this build knows, with every option and its configuration keys.")

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
