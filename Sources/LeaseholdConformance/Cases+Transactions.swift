import LeaseholdCore

struct Abort: Error {}

extension ConformanceSuite {
    static let transactionCases: [ConformanceCase] = [
        ConformanceCase("txn.writeThatThrowsAppliesNothing", "A write whose closure throws applies nothing and rethrows the error.") { ctx in
            try ctx.engine.write { txn in try txn.put(Bytes("kept"), Bytes("1")) }
            do {
                try ctx.engine.write { txn in
                    try txn.put(Bytes("lost"), Bytes("2"))
                    try txn.put(Bytes("kept"), Bytes("changed"))
                    _ = try txn.delete(Bytes("kept"))
                    throw Abort()
                }
                throw fail("the write's error was not rethrown")
            } catch is Abort {}
            try ctx.engine.read { txn in
                try expectEqual(try txn.get(Bytes("kept")), Bytes("1"), "a thrown write left the old value")
                try expect(try txn.get(Bytes("lost")) == nil, "a thrown write stored nothing")
            }
        },
        ConformanceCase("txn.readYourWrites", "A write transaction's gets, scans and counts see its own uncommitted puts, deletes and range deletes.", requires: [.readYourWrites]) { ctx in
            try ctx.engine.write { txn in for i in 0 ..< 5 { try txn.put([0x30, UInt8(i)], [UInt8(i)]) } }
            try ctx.engine.write { txn in
                try txn.put([0x30, 9], [9])
                _ = try txn.delete([0x30, 0])
                try expectEqual(try txn.get([0x30, 9]), Bytes([9]), "get sees an uncommitted put")
                try expect(try txn.get([0x30, 0]) == nil, "get sees an uncommitted delete")
                var keys: [[UInt8]] = []
                try txn.scan { key, _ in keys.append(Array(key)) }
                try expectEqual(keys, [[0x30, 1], [0x30, 2], [0x30, 3], [0x30, 4], [0x30, 9]], "scan sees uncommitted writes")
                try txn.deleteRange(.atLeast([0x30, 3]))
                try expectEqual(try txn.count(), 2, "count after an uncommitted range delete")
            }
        },
        ConformanceCase("txn.snapshotIsolation", "A read transaction sees one snapshot: commits made while it runs (and writes not yet committed) are invisible to it.", requires: [.snapshots]) { ctx in
            let e = ctx.engine
            try e.write { txn in try txn.put(Bytes("k"), Bytes("old")) }
            try e.read { reader in
                let before = try reader.get(Bytes("k"))
                try e.write { txn in
                    try txn.put(Bytes("k"), Bytes("new"))
                    try txn.put(Bytes("added"), Bytes("x"))
                    // A reader that starts while the write is open sees only committed data.
                    try e.read { inner in try expectEqual(try inner.get(Bytes("k")), Bytes("old"), "uncommitted write visible") }
                }
                try expectEqual(try reader.get(Bytes("k")), Bytes("old"), "a read sees its snapshot after a later commit")
                try expect(try reader.get(Bytes("added")) == nil, "a key added later is not in the snapshot")
                try expectEqual(try reader.count(), 1, "scan of the snapshot")
                try expectEqual(before, Bytes("old"), "value read before the commit")
            }
            try e.read { txn in try expectEqual(try txn.get(Bytes("k")), Bytes("new"), "a new read sees the commit") }
        },
        ConformanceCase("txn.reopenKeepsCommittedData", "Closing and reopening the store keeps every committed write and nothing of an aborted one.", requires: [.persistent]) { ctx in
            try ctx.engine.write { txn in for i in 0 ..< 100 { try txn.put([0x40, UInt8(i)], pattern(i, count: 50)) } }
            do { try ctx.engine.write { txn in try txn.put([0x41], [1]); throw Abort() } } catch is Abort {}
            try ctx.reopen()
            try ctx.engine.read { txn in
                try expectEqual(try txn.count(), 100, "records after reopen")
                try expectEqual(try txn.get([0x40, 42]).map(Array.init), pattern(42, count: 50), "value after reopen")
                try expect(try txn.get([0x41]) == nil, "an aborted write after reopen")
            }
        },
        ConformanceCase("txn.useAfterEnd", "A transaction used after its closure returned throws transactionEnded and changes nothing.") { ctx in
            try ctx.engine.write { txn in try txn.put(Bytes("k"), Bytes("v")) }
            let escapedRead = try ctx.engine.read { $0 }
            let escapedWrite = try ctx.engine.write { $0 }
            let ended: (LeaseholdError) -> Bool = { $0 == .transactionEnded }
            try expectError("get after the read closure returned", ended) { _ = try escapedRead.get(Bytes("k")) }
            try expectError("scan after the read closure returned", ended) { try escapedRead.scan { _, _ in } }
            try expectError("put after the write closure returned", ended) { try escapedWrite.put(Bytes("k"), Bytes("x")) }
            try ctx.engine.read { txn in try expectEqual(try txn.get(Bytes("k")), Bytes("v"), "escaped writes changed nothing") }
        },
        ConformanceCase("txn.useAfterClose", "After close, read and write throw storeClosed; closing twice is harmless; a reopen finds the data.") { ctx in
            try ctx.engine.write { txn in try txn.put(Bytes("k"), Bytes("v")) }
            try ctx.store.close()
            let closed: (LeaseholdError) -> Bool = { $0 == .storeClosed }
            try expectError("read after close", closed) { try ctx.engine.read { _ in } }
            try expectError("write after close", closed) { try ctx.engine.write { try $0.put(Bytes("a"), Bytes("b")) } }
            try ctx.store.close()  // closing twice is harmless
            if ctx.harness.reopen != nil {
                try ctx.reopen()
                try ctx.engine.read { txn in try expectEqual(try txn.get(Bytes("k")), Bytes("v"), "data after close and reopen") }
            }
        },
        ConformanceCase("txn.closeWhileTransactionOpen", "close() inside a transaction throws busy and leaves the store open.") { ctx in
            try ctx.engine.read { _ in
                try expectError("close inside a read", { if case .busy = $0 { return true } else { return false } }) {
                    try ctx.store.close()
                }
            }
            try ctx.engine.read { _ in }  // still open
        },
    ]
}
