import LeaseholdCore

/// Keys that stress memcmp order: `00` and `ff` bytes, and keys that are prefixes of others.
let orderingKeys: [[UInt8]] = [
    [0x00], [0x00, 0x00], [0x00, 0xff], [0x01], [0x61], [0x61, 0x00], [0x61, 0x62], [0x61, 0x62, 0x00],
    [0x61, 0xff], [0x62], [0x7f], [0x80], [0xfe, 0xff], [0xff], [0xff, 0x00], [0xff, 0xff], [0xff, 0xff, 0xff],
]

/// A value of `count` bytes derived from `seed`, so every record's value is distinct.
func pattern(_ seed: Int, count: Int) -> [UInt8] {
    (0 ..< count).map { UInt8(truncatingIfNeeded: seed &* 31 &+ $0 &* 7 &+ 1) }
}

extension ConformanceSuite {
    static let crudCases: [ConformanceCase] = [
        ConformanceCase("crud.putGetOverwriteDelete", "A put is read back by get and contains, an overwrite replaces it, and a delete removes it and says whether the key was there.") { ctx in
            let e = ctx.engine
            try e.write { txn in try txn.put(Bytes("alpha"), Bytes("one")) }
            try e.read { txn in
                try expectEqual(try txn.get(Bytes("alpha")), Bytes("one"), "get after put")
                try expect(try txn.contains(Bytes("alpha")), "contains after put")
                try expect(try txn.get(Bytes("beta")) == nil, "get of a missing key")
                try expect(!(try txn.contains(Bytes("beta"))), "contains of a missing key")
            }
            try e.write { txn in try txn.put(Bytes("alpha"), Bytes("two")) }
            try e.read { txn in try expectEqual(try txn.get(Bytes("alpha")), Bytes("two"), "get after overwrite") }
            let existed = try e.write { txn in try txn.delete(Bytes("alpha")) }
            let existedAgain = try e.write { txn in try txn.delete(Bytes("alpha")) }
            try expect(existed && !existedAgain, "delete reports whether the key was there")
            try e.read { txn in try expect(try txn.get(Bytes("alpha")) == nil, "get after delete") }
        },
        ConformanceCase("crud.emptyAndLargeValues", "An empty value is stored and read back as empty (not missing), and a 1 MiB value round-trips whole.") { ctx in
            let big = pattern(7, count: 1 << 20)
            try ctx.engine.write { txn in
                try txn.put(Bytes("empty"), Bytes())
                try txn.put(Bytes("big"), big)
            }
            try ctx.engine.read { txn in
                let empty = try txn.get(Bytes("empty"))
                try expect(empty != nil && empty!.isEmpty, "an empty value is stored and is not a missing one")
                try expect(try txn.get(Bytes("big")).map(Array.init) == big, "a 1 MiB value round-trips")
                let spanCount = try txn.withValue(forKey: Bytes("big")) { $0.byteCount }
                try expectEqual(spanCount, big.count, "withValue lends the whole value")
            }
        },
        ConformanceCase("crud.memcmpOrder", "Scans visit keys in memcmp order, forwards and in reverse, whatever order they were written in.") { ctx in
            var shuffled = orderingKeys
            shuffled.shuffle()
            try ctx.engine.write { txn in for (i, k) in shuffled.enumerated() { try txn.put(k, pattern(i, count: 3)) } }
            try ctx.engine.read { txn in
                var seen: [[UInt8]] = []
                try txn.scan { key, _ in seen.append(Array(key)) }
                try expectEqual(seen, orderingKeys, "forward scan order")
                var reversed: [[UInt8]] = []
                try txn.scan(reverse: true) { key, _ in reversed.append(Array(key)) }
                try expectEqual(reversed, orderingKeys.reversed(), "reverse scan order")
                try expectEqual(try txn.count(), orderingKeys.count, "count")
            }
        },
        ConformanceCase("crud.invalidKeys", "An empty key is refused with invalidKey by put, get and delete, and nothing is stored.") { ctx in
            let e = ctx.engine
            let isEmptyKey: (LeaseholdError) -> Bool = { if case .invalidKey = $0 { return true } else { return false } }
            try expectError("put of an empty key", isEmptyKey) { try e.write { try $0.put(Bytes(), Bytes("v")) } }
            try expectError("get of an empty key", isEmptyKey) { try e.read { _ = try $0.get(Bytes()) } }
            try expectError("delete of an empty key", isEmptyKey) { try e.write { _ = try $0.delete(Bytes()) } }
            try e.read { txn in try expectEqual(try txn.count(), 0, "failed writes stored nothing") }
        },
        // Engines whose limit is in the gigabytes (RocksDB's 32-bit lengths) are not asked to
        // store a key that large: the case would need gigabytes of memory and minutes.
        ConformanceCase("crud.oversizedKeys", "A key of exactly maxKeySize bytes is kept; one byte more is refused with keyTooLarge by put and get, and nothing is stored.", requires: [.maxKeySize(atMost: 16 << 20)]) { ctx in
            let limit = ctx.capabilities.maxKeySize!
            let atLimit = pattern(3, count: limit)
            let over = pattern(3, count: limit + 1)
            try ctx.engine.write { txn in try txn.put(atLimit, Bytes("fits")) }
            let tooLarge: (LeaseholdError) -> Bool = {
                if case .keyTooLarge(let size, let l) = $0 { return size == limit + 1 && l == limit } else { return false }
            }
            try expectError("put of a key one byte over the limit", tooLarge) {
                try ctx.engine.write { try $0.put(over, Bytes("no")) }
            }
            try expectError("get of a key one byte over the limit", tooLarge) { try ctx.engine.read { _ = try $0.get(over) } }
            try ctx.engine.read { txn in
                try expectEqual(try txn.get(atLimit), Bytes("fits"), "a key at the limit is kept")
                try expectEqual(try txn.count(), 1, "the oversized write stored nothing")
            }
        },
        ConformanceCase("crud.recordsIteratorAndCursor", "records() walks every record in order and stays at the end; a cursor's first, last, seek, seek(atOrBefore:) and steps land where key order says.") { ctx in
            try ctx.engine.write { txn in for k in orderingKeys { try txn.put(k, k) } }
            try ctx.engine.read { txn in
                var records = try txn.records()
                var keys: [[UInt8]] = []
                while let r = try records.next() {
                    try expect(r.key == r.value, "record key and value belong together")
                    keys.append(Array(r.key))
                }
                try expectEqual(keys, orderingKeys, "records() order")
                try expect(try records.next() == nil, "records() stays at the end")

                var cursor = try txn.cursor()
                try expectEqual(try cursor.first().map { Array($0.key) }, orderingKeys.first, "cursor first")
                try expectEqual(try cursor.last().map { Array($0.key) }, orderingKeys.last, "cursor last")
                try expect(try cursor.next() == nil, "next after last")
                try expectEqual(try cursor.seek([0x61, 0x01]).map { Array($0.key) }, [0x61, 0x62], "seek to a missing key lands on the next")
                try expectEqual(try cursor.previous().map { Array($0.key) }, [0x61, 0x00], "previous after seek")
                try expectEqual(try cursor.seek([0x61, 0x62]).map { Array($0.key) }, [0x61, 0x62], "seek to a present key")
                try expect(try cursor.seek([0xff, 0xff, 0xff, 0x00]) == nil, "seek past the end")
                try expectEqual(try cursor.seek(atOrBefore: [0x61, 0x01]).map { Array($0.key) }, [0x61, 0x00], "seek at or before a missing key")
                try expectEqual(try cursor.seek(atOrBefore: [0x01]).map { Array($0.key) }, [0x01], "seek at or before a present key")
                try expect(try cursor.seek(atOrBefore: [0x00, 0x00, 0x00]).map { Array($0.key) } == [0x00, 0x00], "seek at or before, inner")
                try expectEqual(try cursor.seek(atOrBefore: [0xff, 0xff, 0xff, 0xff]).map { Array($0.key) }, orderingKeys.last, "seek at or before past the end")
                try expectEqual(try cursor.first().map { Array($0.key) }, orderingKeys.first, "first again")
                try expect(try cursor.previous() == nil, "previous before first")
            }
        },
        // Where a cursor stands when it runs off either end: there, so that the opposite move
        // steps back in (the walkers of the core rely on it). A new cursor stands before the first.
        ConformanceCase("crud.cursorPlacesPastTheEnds", "A new cursor stands before the first record; past either end it stays, and the opposite move steps back in.") { ctx in
            try ctx.engine.write { txn in for i: UInt8 in 1 ... 3 { try txn.put([0x60, i], [i]) } }
            try ctx.engine.read { txn in
                var c = try txn.cursor()
                let key: (Record?) -> [UInt8]? = { $0.map { Array($0.key) } }
                try expect(try c.previous() == nil, "a new cursor stands before the first record")
                try expectEqual(key(try c.next()), [0x60, 1], "next from before the first")
                try expectEqual(key(try c.last()), [0x60, 3], "last")
                try expect(try c.next() == nil, "next past the last")
                try expect(try c.next() == nil, "next again past the last")
                try expectEqual(key(try c.previous()), [0x60, 3], "previous from past the last")
                try expectEqual(key(try c.first()), [0x60, 1], "first")
                try expect(try c.previous() == nil, "previous before the first")
                try expectEqual(key(try c.next()), [0x60, 1], "next from before the first again")
                try expect(try c.seek([0x60, 4]) == nil, "seek past the last")
                try expectEqual(key(try c.previous()), [0x60, 3], "previous after a seek past the last")
            }
        },
    ]
}
