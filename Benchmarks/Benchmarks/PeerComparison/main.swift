import Foundation
import GRDB
import Leasehold
import LeaseholdLMDB
import LeaseholdRocksDB

// Leasehold on LMDB and RocksDB beside GRDB.swift (SQLite), the same workloads in one process,
// rounds interleaved (every side of a line runs once per round; each figure is its best round).
// Durability alike: LMDB `noSync`, RocksDB `syncWrites: false`, SQLite WAL + `synchronous = OFF`.
//
//   swift run -c release --scratch-path ../.build-bench PeerComparison [--records N] [--gets N] [--rounds N]
//
// N records of 16-byte keys and 100-byte values (1,000,000 by default), N/5 users, 100,000 gets.
var options: [String: Int] = ["--records": 1_000_000, "--gets": 100_000, "--rounds": 3]
var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    guard options[flag] != nil, let value = arguments.popFirst().flatMap({ Int($0) }), value > 0 else {
        FileHandle.standardError.write(Data("usage: PeerComparison [--records N] [--gets N] [--rounds N]\n".utf8))
        exit(2)
    }
    options[flag] = value
}
let records = options["--records"]!, rounds = options["--rounds"]!
let workload = Workload(records: records, gets: min(options["--gets"]!, records))
let users = (0 ..< workload.users).map(User.numbered)
func log(_ text: String) { FileHandle.standardError.write(Data("\(text)\n".utf8)) }

let root = FileManager.default.temporaryDirectory.appendingPathComponent("leasehold-peers-\(getpid())").path
try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: root) }

/// A new, empty directory (or SQLite path) under the run's temporary directory.
func fresh(_ name: String) -> String {
    let path = "\(root)/\(name)"
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    return path
}
func openLMDB(_ path: String) throws -> LMDBEngine {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return try LMDBEngine(options: .init(path: path, mapSize: 16 << 30, noSync: true))
}
func openRocks(_ path: String) throws -> RocksDBEngine {
    try RocksDBEngine(options: .init(path: path, syncWrites: false))
}

log("loading \(records) records and \(workload.users) users on each side…")
let lmdb = try openLMDB(fresh("kv.lmdb")), rocks = try openRocks(fresh("kv.rocksdb")), pool = try GRDBSide.open(fresh("kv.sqlite"))
try LeaseholdSide.load(lmdb, workload); try LeaseholdSide.loadUsers(lmdb, users)
try LeaseholdSide.load(rocks, workload); try LeaseholdSide.loadUsers(rocks, users)
try GRDBSide.load(pool, workload); try GRDBSide.loadUsersByColumn(pool, users)

/// A pass that loads into a new store of its own and times the load alone.
func loading<S>(_ open: @escaping (String) throws -> S, _ name: String, close: @escaping (S) throws -> Void,
                _ load: @escaping (S) throws -> Void) -> () throws -> Double {
    {
        let store = try open(fresh(name))
        let nanoseconds = try elapsed { try load(store) }
        try close(store)
        return nanoseconds
    }
}
func timed(_ body: @escaping () throws -> Int) -> () throws -> Double {
    { var result = 0; let ns = try elapsed { result = try body() }; sink &+= result; return ns }
}
let closeLMDB: (LMDBEngine) throws -> Void = { try $0.close() }
let closeRocks: (RocksDBEngine) throws -> Void = { try $0.close() }
let closePool: (DatabasePool) throws -> Void = { try $0.close() }

let lines: [Line] = [
    Line(name: "full ordered scan, ns/record", operations: records, lmdbAltLabel: "spans", fastestLabel: "withUnsafeData", passes: [
        .lmdb: timed { try LeaseholdSide.scan(lmdb) }, .lmdbAlt: timed { try LeaseholdSide.spans(lmdb) },
        .rocks: timed { try LeaseholdSide.scan(rocks) }, .rocksAlt: timed { try LeaseholdSide.spans(rocks) },
        .common: timed { try GRDBSide.scan(pool) }, .fastest: timed { try GRDBSide.scanInPlace(pool) },
    ]),
    Line(name: "\(workload.gets / 1000)k random gets, ns/get", operations: workload.gets, lmdbAltLabel: "withValue", fastestLabel: "prepared", passes: [
        .lmdb: timed { try LeaseholdSide.gets(lmdb, workload) }, .lmdbAlt: timed { try LeaseholdSide.withValue(lmdb, workload) },
        .rocks: timed { try LeaseholdSide.gets(rocks, workload) }, .rocksAlt: timed { try LeaseholdSide.withValue(rocks, workload) },
        .common: timed { try GRDBSide.gets(pool, workload) }, .fastest: timed { try GRDBSide.preparedGets(pool, workload) },
    ]),
    Line(name: "two threads of random gets, ns/get (wall)", operations: 2 * workload.gets, lmdbAltLabel: "withValue", fastestLabel: "prepared", passes: [
        .lmdb: { try twoThreads { try LeaseholdSide.gets(lmdb, workload) } },
        .rocks: { try twoThreads { try LeaseholdSide.gets(rocks, workload) } },
        .common: { try twoThreads { try GRDBSide.gets(pool, workload) } },
        .fastest: { try twoThreads { try GRDBSide.preparedGets(pool, workload) } },
    ]),
    Line(name: "bulk load, ns/record", operations: records, lmdbAltLabel: "", fastestLabel: "prepared INSERT", passes: [
        .lmdb: loading(openLMDB, "load.lmdb", close: closeLMDB) { try LeaseholdSide.load($0, workload) },
        .rocks: loading(openRocks, "load.rocksdb", close: closeRocks) { try LeaseholdSide.load($0, workload) },
        .common: loading(GRDBSide.open, "load.sqlite", close: closePool) { try GRDBSide.loadBySQL($0, workload) },
        .fastest: loading(GRDBSide.open, "load.sqlite", close: closePool) { try GRDBSide.load($0, workload) },
    ]),
    Line(name: "Codable scan of users, ns/record", operations: workload.users, lmdbAltLabel: "by hand", fastestLabel: "init(row:) by column", passes: [
        .lmdb: timed { try LeaseholdSide.codableScan(lmdb) }, .lmdbAlt: timed { try LeaseholdSide.handScan(lmdb) },
        .rocks: timed { try LeaseholdSide.codableScan(rocks) }, .rocksAlt: timed { try LeaseholdSide.handScan(rocks) },
        .common: timed { try GRDBSide.codableScan(pool) }, .fastest: timed { try GRDBSide.columnScan(pool) },
    ]),
    Line(name: "Codable get, ns/get", operations: workload.gets, lmdbAltLabel: "", fastestLabel: "prepared, init(row:)", passes: [
        .lmdb: timed { try LeaseholdSide.codableGets(lmdb, workload) },
        .rocks: timed { try LeaseholdSide.codableGets(rocks, workload) },
        .common: timed { try GRDBSide.codableGets(pool, workload) }, .fastest: timed { try GRDBSide.columnGets(pool, workload) },
    ]),
    Line(name: "Codable insert, ns/record", operations: workload.users, lmdbAltLabel: "", fastestLabel: "prepared INSERT", passes: [
        .lmdb: loading(openLMDB, "users.lmdb", close: closeLMDB) { try LeaseholdSide.loadUsers($0, users) },
        .rocks: loading(openRocks, "users.rocksdb", close: closeRocks) { try LeaseholdSide.loadUsers($0, users) },
        .common: loading(GRDBSide.open, "users.sqlite", close: closePool) { try GRDBSide.loadUsers($0, users) },
        .fastest: loading(GRDBSide.open, "users.sqlite", close: closePool) { try GRDBSide.loadUsersByColumn($0, users) },
    ]),
]

var results = Results()
for round in 1 ... rounds {
    log("round \(round) of \(rounds)")
    for line in lines {
        for side in Side.allCases {
            guard let pass = line.passes[side] else { continue }
            results.record(line, side, nanoseconds: try pass())
        }
    }
}
try lmdb.close(); try rocks.close(); try pool.close()
print("\(records) records (16-byte keys, 100-byte values), \(workload.users) users, \(rounds) rounds, best round; ns per operation:\n")
print(results.markdown(lines))
if sink == 42 { print(sink) }
