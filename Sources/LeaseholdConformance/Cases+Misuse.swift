import LeaseholdCore

/// Misuse never hangs or corrupts: each mistake gets its typed error, and the store is as it was.
extension ConformanceSuite {
    static let misuseCases: [ConformanceCase] = [
        ConformanceCase("misuse.nestedWriteThrows", "A write inside a write of the same store (or any namespace of it) throws nestedWrite at once and runs nothing; the outer write goes on and commits.") { ctx in
            let e = ctx.engine
            try e.write { txn in
                try txn.put(Bytes("outer"), Bytes("1"))
                try expectError("a write inside a write of the same store", { $0 == .nestedWrite }) {
                    try e.write { try $0.put(Bytes("inner"), Bytes("2")) }
                }
                // The whole store shares the writer: a write on it from inside a namespace's write
                // (or on the store itself, in the plain variant) is nested too.
                try expectError("a write of the whole store inside a write", { $0 == .nestedWrite }) {
                    try ctx.store.write { try $0.put(Bytes("inner"), Bytes("3")) }
                }
                try txn.put(Bytes("after"), Bytes("4"))  // the outer transaction goes on
            }
            try e.write { try $0.put(Bytes("again"), Bytes("5")) }  // and the lock is free again
            try e.read { txn in
                try expectEqual(try txn.get(Bytes("outer")), Bytes("1"), "the outer write committed")
                try expectEqual(try txn.get(Bytes("after")), Bytes("4"), "the outer write went on after the error")
                try expect(try txn.get(Bytes("inner")) == nil, "the nested write stored nothing")
                try expectEqual(try txn.count(), 3, "records")
            }
        },
        ConformanceCase("misuse.nestedWriteErrorAbortsWhenRethrown", "The nestedWrite error, rethrown by the outer closure, aborts the outer write.") { ctx in
            let e = ctx.engine
            try e.write { try $0.put(Bytes("k"), Bytes("old")) }
            try expectError("the nested write's error, rethrown by the outer closure", { $0 == .nestedWrite }) {
                try e.write { txn in
                    try txn.put(Bytes("k"), Bytes("new"))
                    try e.write { _ in }
                }
            }
            try e.read { txn in try expectEqual(try txn.get(Bytes("k")), Bytes("old"), "the outer write applied nothing") }
        },
        ConformanceCase("misuse.writeInsideRead", "A write inside a read either commits or throws a typed error at once, never waits for itself, and the read keeps its snapshot.") { ctx in
            // Engines that can write while the same thread reads commit it; one that cannot must
            // throw a typed error rather than wait for itself. Either way the read goes on.
            let e = ctx.engine
            try e.write { try $0.put(Bytes("k"), Bytes("old")) }
            try e.read { txn in
                let before = try txn.get(Bytes("k"))
                do {
                    try e.write { try $0.put(Bytes("k"), Bytes("new")) }
                } catch is LeaseholdError {
                    try e.read { try expectEqual(try $0.get(Bytes("k")), Bytes("old"), "a refused write applied nothing") }
                }
                try expectEqual(before, Bytes("old"), "a value read before the inner write")
                if txn.capabilities.snapshots {
                    try expectEqual(try txn.get(Bytes("k")), Bytes("old"), "the read keeps its snapshot")
                }
            }
        },
        ConformanceCase("misuse.cursorUsedAfterEnd", "Cursors, iterators and transactions used after their closure returned throw transactionEnded and change nothing.") { ctx in
            let e = ctx.engine
            try e.write { txn in for i in 0 ..< 3 { try txn.put([0x60, UInt8(i)], [UInt8(i)]) } }
            let ended: (LeaseholdError) -> Bool = { $0 == .transactionEnded }
            var readCursor = try e.read { txn in
                var c = try txn.cursor()
                _ = try c.first()
                return c
            }
            try expectError("cursor next after the read closure returned", ended) { _ = try readCursor.next() }
            try expectError("cursor previous after the read closure returned", ended) { _ = try readCursor.previous() }
            try expectError("cursor first after the read closure returned", ended) { _ = try readCursor.first() }
            try expectError("cursor seek after the read closure returned", ended) { _ = try readCursor.seek([0x60, 1]) }
            var unmoved = try e.read { try $0.cursor() }
            try expectError("a cursor never moved, after the read closure returned", ended) { _ = try unmoved.last() }
            var records = try e.read { try $0.records() }
            try expectError("records() iterator after the read closure returned", ended) { _ = try records.next() }
            var writeCursor = try e.write { txn in
                var c = try txn.cursor()
                _ = try c.first()
                return c
            }
            try expectError("cursor next after the write closure returned", ended) { _ = try writeCursor.next() }
            try expectError("cursor seek after the write closure returned", ended) { _ = try writeCursor.seek([0x60, 2]) }
            let escapedWrite = try e.write { $0 }
            try expectError("get in a write transaction after its closure returned", ended) { _ = try escapedWrite.get([0x60, 0]) }
            try expectError("delete after the write closure returned", ended) { _ = try escapedWrite.delete([0x60, 0]) }
            try expectError("range delete after the write closure returned", ended) { _ = try escapedWrite.deleteRange(.all) }
            try e.read { txn in try expectEqual(try txn.count(), 3, "the escaped objects changed nothing") }
        },
        ConformanceCase("misuse.closeDuringWrite", "close() while a write or a cursor is open throws busy; the write commits and the cursor still works.") { ctx in
            let busy: (LeaseholdError) -> Bool = { if case .busy = $0 { return true } else { return false } }
            try ctx.engine.write { txn in
                try txn.put(Bytes("k"), Bytes("v"))
                try expectError("close inside a write", busy) { try ctx.store.close() }
            }
            try ctx.engine.read { txn in
                var cursor = try txn.cursor()
                _ = try cursor.first()
                try expectError("close with a cursor open", busy) { try ctx.store.close() }
                try expectEqual(try cursor.next()?.key, nil, "the cursor still works")
            }
            try ctx.engine.read { txn in try expectEqual(try txn.get(Bytes("k")), Bytes("v"), "the write committed; the store is open") }
        },
        ConformanceCase("misuse.valuesKeptPastClose", "Values kept from scans, gets and cursors stay valid after the store is closed.") { ctx in
            let records = leaseRecords(120)
            try fill(ctx.engine, records)
            let expected = Dictionary(uniqueKeysWithValues: records)
            var kept: [(key: Bytes, value: Bytes)] = []
            try ctx.engine.read { txn in
                try txn.scan(limit: 60) { key, value in kept.append((key, value)) }
                for (k, _) in records.suffix(20) { kept.append((Bytes(k), try txn.get(k)!)) }
                var cursor = try txn.cursor()
                if let last = try cursor.last() { kept.append((last.key, last.value)) }
            }
            try ctx.engine.write { txn in
                for (k, _) in records.dropFirst(60).prefix(20) { kept.append((Bytes(k), try txn.get(k)!)) }
            }
            try ctx.store.close()
            try expectEqual(kept.count, 101, "values kept")
            for (key, value) in kept {
                try expectEqual(Optional(Array(value)), expected[Array(key)], "a value kept past close(), key \(key)")
                try expect(value.residence != .shared, "a value kept past its transaction is no longer lent")
            }
        },
    ]
}
