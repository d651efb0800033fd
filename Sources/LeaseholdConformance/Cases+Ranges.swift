import LeaseholdCore

extension ConformanceSuite {
    static let rangeCases: [ConformanceCase] = [
        // Every bound kind on each side (with the bound key present and absent), forwards and in
        // reverse, with several limits, against a model.
        ConformanceCase("ranges.everyBoundKind", "Scans honour every bound kind on each side (present and absent keys), forwards and in reverse, with limits.") { ctx in
            let stored: [[UInt8]] = (0 ..< 12).map { [0x10 + UInt8($0) * 2] }  // 10, 12, … 26
            try ctx.engine.write { txn in for k in stored { try txn.put(k, k + [0xee]) } }
            let probes: [[UInt8]] = [[0x10], [0x11], [0x18], [0x19], [0x26], [0x30], [0x05]]
            var bounds: [KeyRange.Bound] = [.unbounded]
            for p in probes { bounds += [.inclusive(p), .exclusive(p)] }
            try ctx.engine.read { txn in
                for lower in bounds {
                    for upper in bounds {
                        let range = KeyRange(lower: lower, upper: upper)
                        let expected = stored.filter { k in k.withUnsafeBytes { range.contains($0) } }
                        for reverse in [false, true] {
                            for limit in [nil, 0, 1, 3] as [Int?] {
                                var want = reverse ? expected.reversed() : expected
                                if let limit { want = Array(want.prefix(limit)) }
                                var got: [[UInt8]] = []
                                try txn.scan(range, reverse: reverse, limit: limit) { key, value in
                                    got.append(Array(key))
                                    if Array(value) != Array(key) + [0xee] { got.append([0xba, 0xd0]) }
                                }
                                try expectEqual(got, want, "scan \(range) reverse \(reverse) limit \(String(describing: limit))")
                                var spans: [[UInt8]] = []
                                try txn.scanSpans(range, reverse: reverse, limit: limit) { key, _ in
                                    spans.append(key.withUnsafeBytes { Array($0) })
                                }
                                try expectEqual(spans, want, "scanSpans \(range) reverse \(reverse)")
                            }
                        }
                    }
                }
            }
        },
        ConformanceCase("ranges.prefix", "A prefix range holds exactly the keys that start with the prefix, including prefixes of 00 and ff bytes.") { ctx in
            let keys: [[UInt8]] = [[0x61], [0x61, 0x00], [0x61, 0xff], [0x61, 0xff, 0xff], [0x62], [0xff], [0xff, 0x01], [0xff, 0xff]]
            try ctx.engine.write { txn in for k in keys { try txn.put(k, [0x01]) } }
            try ctx.engine.read { txn in
                for p in [[0x61], [0x61, 0xff], [0xff], [0xff, 0xff], [0x63]] as [[UInt8]] {
                    let want = keys.filter { $0.starts(with: p) }
                    var got: [[UInt8]] = []
                    try txn.scan(.prefix(p)) { key, _ in got.append(Array(key)) }
                    try expectEqual(got, want, "prefix \(Bytes(p))")
                    var back: [[UInt8]] = []
                    try txn.scan(.prefix(p), reverse: true) { key, _ in back.append(Array(key)) }
                    try expectEqual(back, want.reversed(), "reverse prefix \(Bytes(p))")
                }
            }
        },
        ConformanceCase("ranges.deleteRange", "A range delete removes exactly the keys of the range and says how many.") { ctx in
            let keys: [[UInt8]] = (0 ..< 20).map { [0x20, UInt8($0)] }
            try ctx.engine.write { txn in for k in keys { try txn.put(k, k) } }
            let removed = try ctx.engine.write { txn in
                try txn.deleteRange(KeyRange(lower: .exclusive([0x20, 3]), upper: .inclusive([0x20, 9])))
            }
            try expectEqual(removed, 6, "keys removed by a range delete")
            let all = try ctx.engine.write { txn in try txn.deleteRange(.prefix([0x20])) }
            try expectEqual(all, 14, "keys removed by a prefix delete")
            try ctx.engine.read { txn in try expectEqual(try txn.count(), 0, "nothing left") }
        },
    ]
}
