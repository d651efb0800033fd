@_spi(Adapter) import LeaseholdCore

/// Records with values on both sides of the inline size, so arena and inline copies both happen.
func leaseRecords(_ n: Int) -> [([UInt8], [UInt8])] {
    (0 ..< n).map { i in ([0x50, UInt8(i >> 8), UInt8(i & 0xff)], pattern(i, count: i % 3 == 0 ? 8 : 40 + i % 90)) }
}

/// Scans every record of `txn`, keeping every key and value.
func keepEveryRecord(_ txn: ReadTransaction<some StoreReader>) throws -> (keys: [Bytes], values: [Bytes]) {
    var keys: [Bytes] = [], values: [Bytes] = []
    try txn.scan { key, value in
        keys.append(key)
        values.append(value)
    }
    return (keys, values)
}

func fill(_ engine: AnyEngine, _ records: [([UInt8], [UInt8])]) throws {
    try engine.write { txn in for (k, v) in records { try txn.put(k, v) } }
}

extension ConformanceSuite {
    static let leaseCases: [ConformanceCase] = [
        ConformanceCase("leases.sharedWhileValid", "While its lease lasts a scanned key and value point into engine memory (shared), and so does a point read whose lease is the transaction.", requires: [.scans([.transaction, .step, .cursor, .untilNextUpdate])]) { ctx in
            try fill(ctx.engine, leaseRecords(10))
            try ctx.engine.read { txn in
                try txn.scan { key, value in
                    try expectEqual(key.residence, .shared, "a scanned key points into engine memory")
                    try expectEqual(value.residence, .shared, "a scanned value points into engine memory")
                }
                if txn.capabilities.pointReads == .transaction {
                    try expectEqual(try txn.get([0x50, 0, 1])?.residence, .shared, "a point read is zero-copy")
                }
            }
        },
        ConformanceCase("leases.keptPastTransaction", "Keys, values, slices and point reads kept past their transaction keep their bytes after the store changes, and are no longer shared.") { ctx in
            let records = leaseRecords(300)
            try fill(ctx.engine, records)
            var gets: [Bytes] = [], slices: [Bytes] = []
            let (keys, values) = try ctx.engine.read { txn in
                let kept = try keepEveryRecord(txn)
                slices = kept.values.map { $0.extracting(1 ..< $0.count) }  // slices of lent values
                gets = try records.prefix(50).map { try txn.get($0.0)! }
                return kept
            }
            // Churn the store so stale pointers would see other bytes.
            try ctx.engine.write { txn in for (k, _) in records { try txn.put(k, pattern(999, count: 64)) } }
            for (i, (k, v)) in records.enumerated() {
                try expectEqual(Array(keys[i]), k, "key \(i) kept past its transaction")
                try expectEqual(Array(values[i]), v, "value \(i) kept past its transaction")
                try expectEqual(Array(slices[i]), Array(v.dropFirst()), "slice \(i) kept past its transaction")
                try expect(values[i].residence != .shared, "value \(i) still claims to be shared")
            }
            for (i, (_, v)) in records.prefix(50).enumerated() {
                try expectEqual(Array(gets[i]), v, "point read \(i) kept past its transaction")
            }
        },
        ConformanceCase("leases.keptPastStep", "Records kept while a scan or cursor moves on keep their bytes, however the engine lends scans.") { ctx in
            let records = leaseRecords(200)
            try fill(ctx.engine, records)
            try ctx.engine.read { txn in
                // Keep every other record while the scan goes on: with step leases each kept one
                // must copy itself when the cursor moves.
                var kept: [Record] = []
                var iterator = try txn.records()
                var i = 0
                while let record = try iterator.next() {
                    if i % 2 == 0 { kept.append(record) }
                    i += 1
                }
                var cursor = try txn.cursor()
                let first = try cursor.first()
                _ = try cursor.next()
                _ = try cursor.seek([0x50, 0, 100])
                try expectEqual(first.map { Array($0.value) }, records[0].1, "a cursor record kept past moves")
                for (j, record) in kept.enumerated() {
                    try expectEqual(Array(record.key), records[j * 2].0, "kept key \(j * 2)")
                    try expectEqual(Array(record.value), records[j * 2].1, "kept value \(j * 2)")
                }
            }
        },
        ConformanceCase("leases.keptPastWrite", "Values read in a write transaction keep their bytes across later overwrites, deletes, range deletes and growth of the store, and may be written back.") { ctx in
            let records = leaseRecords(40)
            try fill(ctx.engine, records)
            try ctx.engine.write { txn in
                let first = try txn.get(records[1].0)!
                var scanned: [Bytes] = []
                try txn.scan(limit: 20) { _, value in scanned.append(value) }
                try txn.put(records[1].0, pattern(5, count: 70))   // overwrite the value we hold
                _ = try txn.delete(records[2].0)                    // delete one we hold
                try txn.put([0x50, 0xff], pattern(6, count: 300))   // grow the store
                try expectEqual(Array(first), records[1].1, "a value kept past an overwrite of its key")
                for (i, value) in scanned.enumerated() {
                    try expectEqual(Array(value), records[i].1, "scanned value \(i) kept past writes")
                }
                // Values written in this transaction and read back, then written over again.
                let own = try txn.get([0x50, 0xff])!
                try txn.deleteRange(.prefix([0x50]))
                try expectEqual(Array(own), pattern(6, count: 300), "a value kept past a range delete")
                // A value read in this transaction used as the argument of a write.
                try txn.put([0x51], own)
                try txn.put([0x52], try txn.get([0x51])!)
                try expectEqual(try txn.get([0x52]).map(Array.init), pattern(6, count: 300), "a leased value written back")
            }
        },
        ConformanceCase("leases.droppedValuesAreNeverCopied", "Values dropped before their lease ends are never copied.", requires: [.scans([.transaction, .step, .cursor, .untilNextUpdate])]) { ctx in
            try fill(ctx.engine, leaseRecords(1000))
            let before = ctx.engine.statistics.snapshot()
            var total = 0
            try ctx.engine.read { txn in
                try txn.scan { key, value in total += key.count + value.count }
                var records = try txn.records()
                while let r = try records.next() { total += r.value.count }
                var cursor = try txn.cursor()
                // (`while let r = …` would hold each record across the move that ends its lease.)
                _ = try cursor.first()
                while try cursor.next() != nil {}
                for i in stride(from: 0, to: 1000, by: 7) { total += try txn.get([0x50, UInt8(i >> 8), UInt8(i & 0xff)])!.count }
            }
            let d = ctx.engine.statistics.snapshot() - before
            try expect(total > 0, "the scan read something")
            try expectEqual(d.sinksCopied, 0, "values dropped before their lease ended were copied (\(d))")
            try expect(d.sinksRegistered >= 2000, "scans registered their values (\(d))")
        },
        ConformanceCase("leases.keptValuesShareOneArena", "Values kept past a transaction-long scan are copied together into one arena at its end, short keys inline.", requires: [.scans([.transaction])]) { ctx in
            let n = 1000
            try ctx.engine.write { txn in for i in 0 ..< n { try txn.put([0x50, UInt8(i >> 8), UInt8(i & 0xff)], pattern(i, count: 100)) } }
            let before = ctx.engine.statistics.snapshot()
            let (keys, values) = try ctx.engine.read { try keepEveryRecord($0) }
            let d = ctx.engine.statistics.snapshot() - before
            try expectEqual(d.arenasAllocated, 1, "arenas for \(n) kept values (\(d))")
            try expectEqual(d.sinksCopied, 2 * n, "sinks copied (\(d))")
            try expectEqual(d.inlineCopies, n, "short keys copied inline (\(d))")
            // Keys are copied whole (under a namespace, with its prefix), inline.
            try expect(d.bytesCopied >= n * 100 + keys.reduce(0) { $0 + $1.count } && d.bytesCopied <= n * 124, "bytes copied (\(d))")
            for (i, v) in values.enumerated() { try expectEqual(Array(v), pattern(i, count: 100), "kept value \(i)") }
        },
        ConformanceCase("leases.registryEmptyAfterExpiry", "When a transaction ends, no sink is left registered on any of its leases, and every kept value is copied.", requires: [.scans([.transaction, .step, .cursor, .untilNextUpdate])]) { ctx in
            try fill(ctx.engine, leaseRecords(100))
            var kept: [Bytes] = []
            let leases = try ctx.engine.read { txn -> [Lease] in
                var cursor = try txn.cursor()
                var n = 0
                while let record = try cursor.next() {
                    if n % 10 == 0 { kept.append(record.value) }
                    n += 1
                }
                let (keyLease, valueLease) = cursor.leases
                let live = valueLease.liveSinkCount
                if !cursor.leasesEndOnMove.value { try expect(live >= kept.count, "kept values are registered (\(live))") }
                return [keyLease, valueLease, txn.lease]
            }
            for lease in leases { try expectEqual(lease.liveSinkCount, 0, "sinks left on a lease after its transaction ended") }
            try expect(kept.allSatisfy { $0.residence != .shared }, "a kept value is still shared after expiry")
        },
    ]
}
