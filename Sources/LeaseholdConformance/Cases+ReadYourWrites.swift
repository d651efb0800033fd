import LeaseholdCore

/// A small deterministic generator (SplitMix64), so a failing case replays exactly. Also used by
/// the package's reliability tests.
package struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The store as a sorted model: what a transaction must read.
struct Model {
    var records: [[UInt8]: [UInt8]] = [:]

    var sortedKeys: [[UInt8]] { records.keys.sorted { $0.lexicographicallyPrecedes($1) } }

    func keys(in range: KeyRange) -> [[UInt8]] {
        sortedKeys.filter { k in k.withUnsafeBytes { range.contains($0) } }
    }
}

extension ConformanceSuite {
    /// Random puts, deletes and range deletes inside write transactions, with every kind of read
    /// checked against a model after each step: gets, scans both ways with bounds and limits, and
    /// cursor walks that change direction. This is what an engine's read-your-writes layer (the
    /// core's write overlay, or the engine's own) must get right.
    static let readYourWritesCases: [ConformanceCase] = [
        ConformanceCase("txn.readYourWritesAgainstModel", "After any sequence of puts, deletes and range deletes, every kind of read in the transaction agrees with a model of its view.", requires: [.readYourWrites]) { ctx in
            var random = SeededGenerator(seed: 0x1ea5e)
            var committed = Model()
            // Keys from a small alphabet, one to three bytes, so writes hit stored keys often.
            func randomKey() -> [UInt8] {
                let alphabet: [UInt8] = [0x00, 0x01, 0x41, 0x42, 0x7f, 0xfe, 0xff]
                return (0 ..< Int.random(in: 1 ... 3, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            func randomBound() -> KeyRange.Bound {
                switch Int.random(in: 0 ..< 3, using: &random) {
                case 0: return .unbounded
                case 1: return .inclusive(randomKey())
                default: return .exclusive(randomKey())
                }
            }
            try ctx.engine.write { txn in
                for _ in 0 ..< 60 {
                    let k = randomKey(), v = pattern(Int(k.first!), count: Int.random(in: 0 ... 40, using: &random))
                    try txn.put(k, v)
                    committed.records[k] = v
                }
            }
            for round in 0 ..< 6 {
                var model = committed
                let commit = round % 3 != 2
                do {
                    try ctx.engine.write { txn in
                        for step in 0 ..< 40 {
                            let where_ = "round \(round) step \(step)"
                            switch Int.random(in: 0 ..< 10, using: &random) {
                            case 0 ..< 5:
                                let k = randomKey(), v = pattern(step * 7 + round, count: Int.random(in: 0 ... 60, using: &random))
                                try txn.put(k, v)
                                model.records[k] = v
                            case 5 ..< 8:
                                let k = randomKey()
                                let existed = try txn.delete(k)
                                try expectEqual(existed, model.records.removeValue(forKey: k) != nil, "delete's answer, \(where_)")
                            default:
                                let range = KeyRange(lower: randomBound(), upper: randomBound())
                                let removed = try txn.deleteRange(range)
                                let expected = model.keys(in: range)
                                for k in expected { model.records[k] = nil }
                                try expectEqual(removed, expected.count, "range delete count \(range), \(where_)")
                            }
                            try checkReads(txn, model, &random, where_)
                        }
                        if !commit { throw Abort() }
                    }
                } catch is Abort {}
                if commit { committed = model }
                try ctx.engine.read { txn in try checkReads(txn, committed, &random, "after round \(round)") }
            }
        },
        // The first update after a cursor landed (before any other update) keeps its place too.
        ConformanceCase("txn.cursorKeepsItsPlaceAtTheFirstUpdate", "A cursor keeps its place by key across the first update after it landed.", requires: [.readYourWrites]) { ctx in
            try ctx.engine.write { txn in for k in ["b", "c", "d"] { try txn.put(Bytes(k), Bytes(k)) } }
            try ctx.engine.write { txn in
                var cursor = try txn.cursor()
                try expectEqual(try cursor.first()?.key, Bytes("b"), "first")
                try txn.put(Bytes("a"), Bytes("a"))        // before the cursor
                try txn.put(Bytes("b\u{0}"), Bytes("x"))  // just after it
                try expectEqual(try cursor.next()?.key, Bytes("b\u{0}"), "next after writes around the cursor")
                try expectEqual(try cursor.next()?.key, Bytes("c"), "next again")
                try expectEqual(try cursor.previous()?.key, Bytes("b\u{0}"), "back")
                try expectEqual(try cursor.previous()?.key, Bytes("b"), "back again")
                try expectEqual(try cursor.previous()?.key, Bytes("a"), "back to the new first key")
            }
        },
        // A cursor keeps its place by key while the transaction writes around it: after any
        // update, `next()` lands on the smallest key above the current one in the updated view,
        // `previous()` on the largest below it.
        ConformanceCase("txn.cursorAcrossWritesAgainstModel", "A cursor keeps its place by key while the transaction writes around it: next lands on the smallest key above the current one, previous on the largest below.", requires: [.readYourWrites]) { ctx in
            var random = SeededGenerator(seed: 0xc0ffee)
            var model = Model()
            let alphabet: [UInt8] = [0x10, 0x20, 0x30, 0x40, 0x50, 0x60]
            func randomKey() -> [UInt8] {
                (0 ..< Int.random(in: 1 ... 2, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            }
            try ctx.engine.write { txn in
                for _ in 0 ..< 20 {
                    let k = randomKey()
                    try txn.put(k, k + [1])
                    model.records[k] = k + [1]
                }
            }
            try ctx.engine.write { txn in
                var cursor = try txn.cursor()
                var current = try cursor.first().map { Array($0.key) }
                try expectEqual(current, model.sortedKeys.first, "first")
                for step in 0 ..< 300 {
                    guard let here = current else {
                        current = try cursor.first().map { Array($0.key) }
                        try expectEqual(current, model.sortedKeys.first, "first again, step \(step)")
                        continue
                    }
                    switch Int.random(in: 0 ..< 4, using: &random) {
                    case 0:
                        let k = randomKey()
                        try txn.put(k, k + [UInt8(step & 0xff)])
                        model.records[k] = k + [UInt8(step & 0xff)]
                    case 1:
                        let k = Bool.random(using: &random) ? here : randomKey()
                        try txn.delete(k)
                        model.records[k] = nil
                    default: break
                    }
                    let keys = model.sortedKeys
                    if Bool.random(using: &random) {
                        let record = try cursor.next()
                        let want = keys.first { !$0.lexicographicallyPrecedes(here) && $0 != here }
                        try expectEqual(record.map { Array($0.key) }, want, "next from \(Bytes(here)), step \(step)")
                        try expectEqual(record.map { Array($0.value) }, want.flatMap { model.records[$0] }, "value, step \(step)")
                        current = want
                    } else {
                        let record = try cursor.previous()
                        let want = keys.last { $0.lexicographicallyPrecedes(here) }
                        try expectEqual(record.map { Array($0.key) }, want, "previous from \(Bytes(here)), step \(step)")
                        try expectEqual(record.map { Array($0.value) }, want.flatMap { model.records[$0] }, "value, step \(step)")
                        current = want
                    }
                    if current == nil {
                        current = try cursor.first().map { Array($0.key) }
                        try expectEqual(current, model.sortedKeys.first, "first after falling off an end, step \(step)")
                    }
                }
            }
        },
    ]

    /// Every kind of read in `txn` agrees with `model`.
    static func checkReads(_ txn: ReadTransaction<some StoreReader>, _ model: Model, _ random: inout SeededGenerator, _ where_: String) throws {
        let keys = model.sortedKeys
        var got: [[UInt8]] = []
        try txn.scan { key, value in
            got.append(Array(key))
            if model.records[Array(key)] != Array(value) { got.append([0xba, 0xd0]) }
        }
        try expectEqual(got, keys, "forward scan, \(where_)")
        var back: [[UInt8]] = []
        try txn.scan(reverse: true) { key, _ in back.append(Array(key)) }
        try expectEqual(back, keys.reversed(), "reverse scan, \(where_)")
        for probe in [[0x41], [0x41, 0x42], [0xff, 0xff, 0xff], [0x00]] as [[UInt8]] {
            let value = try txn.get(probe).map(Array.init)
            try expectEqual(value, model.records[probe], "get \(Bytes(probe)), \(where_)")
        }
        // A bounded, limited scan each way.
        let low = keys.isEmpty ? [0x41] : keys[Int.random(in: 0 ..< keys.count, using: &random)]
        let range = KeyRange(lower: .exclusive(low), upper: .inclusive([0xfe]))
        let limit = Int.random(in: 1 ... 5, using: &random)
        let reverse = Bool.random(using: &random)
        var bounded: [[UInt8]] = []
        try txn.scan(range, reverse: reverse, limit: limit) { key, _ in bounded.append(Array(key)) }
        let inRange = model.keys(in: range)
        try expectEqual(bounded, Array((reverse ? inRange.reversed() : inRange).prefix(limit)),
                        "scan \(range) reverse \(reverse) limit \(limit), \(where_)")
        // A cursor that seeks, then zigzags.
        guard !keys.isEmpty else { return }
        var cursor = try txn.cursor()
        let target = keys[Int.random(in: 0 ..< keys.count, using: &random)]
        var i = keys.firstIndex(of: target)!
        var record = try cursor.seek(target)
        for move in 0 ..< 12 {
            try expectEqual(record.map { Array($0.key) }, keys[i], "cursor move \(move), \(where_)")
            try expectEqual(record.map { Array($0.value) }, model.records[keys[i]], "cursor value \(move), \(where_)")
            if Bool.random(using: &random) {
                record = try cursor.next()
                i += 1
            } else {
                record = try cursor.previous()
                i -= 1
            }
            if i < 0 || i >= keys.count {
                try expect(record == nil, "cursor past an end, \(where_)")
                return
            }
        }
    }
}
