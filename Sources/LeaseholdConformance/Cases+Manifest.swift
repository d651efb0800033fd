import LeaseholdCore

/// Every claim of the manifest (``Capabilities``) held against what the engine does: a lease
/// may last longer than the manifest says only where that is harmless, never shorter.
extension ConformanceSuite {
    static let manifestCases: [ConformanceCase] = [
        ConformanceCase("manifest.pointReads", "A value from get lives as pointReads says: transaction — shared until the transaction ends, copied after; copy — owned from the start; pinned — pinned for as long as it is held.") { ctx in
            let value = pattern(1, count: 48)
            try ctx.engine.write { try $0.put([0x70], value) }
            let scope = ctx.capabilities.pointReads
            let kept = try ctx.engine.read { txn -> Bytes in
                let v = try txn.get([0x70])!
                switch scope {
                case .transaction: try expectEqual(v.residence, .shared, "a point read inside its transaction (pointReads=transaction)")
                case .copy: try expectEqual(v.residence, .owned, "a point read (pointReads=copy)")
                case .pinned: try expectEqual(v.residence, .pinned, "a point read (pointReads=pinned)")
                case .step, .cursor, .untilNextUpdate: throw fail("pointReads=\(scope) is not a lease a read transaction's get can have")
                }
                return v
            }
            try expectEqual(Array(kept), value, "a point read kept past its transaction")
            switch scope {
            case .transaction: try expectEqual(kept.residence, .copied, "a point read after its transaction (pointReads=transaction)")
            case .pinned: try expectEqual(kept.residence, .pinned, "a point read after its transaction (pointReads=pinned)")
            default: try expectEqual(kept.residence, .owned, "a point read after its transaction (pointReads=copy)")
            }
        },
        ConformanceCase("manifest.scans", "Scanned keys and values live as scans and scanValues say: transaction — still shared after the cursor moved on, copied when the transaction ends; cursor — values shared while the cursor moves; step — intact after the step; copy — owned.", requires: [.scans([.transaction, .step, .copy])]) { ctx in
            let records = leaseRecords(6)
            try fill(ctx.engine, records)
            let c = ctx.capabilities
            let kept = try ctx.engine.read { txn -> Record in
                var cursor = try txn.cursor()
                guard let first = try cursor.first() else { throw fail("the store is empty") }
                for _ in 0 ..< 3 { _ = try cursor.next() }
                try expectEqual(Array(first.key), records[0].0, "a key kept across three steps")
                try expectEqual(Array(first.value), records[0].1, "a value kept across three steps")
                if c.scans == .transaction {
                    try expectEqual(first.key.residence, .shared, "a key kept across steps (scans=transaction)")
                }
                if c.scanValues == .transaction || c.scanValues == .cursor {
                    try expectEqual(first.value.residence, .shared, "a value kept across steps (scanValues=\(c.scanValues))")
                }
                if c.scans == .copy { try expectEqual(first.key.residence, .owned, "a scanned key (scans=copy)") }
                return first
            }
            try expectEqual(Array(kept.key), records[0].0, "a key kept past the transaction")
            try expectEqual(Array(kept.value), records[0].1, "a value kept past the transaction")
            if c.scans != .copy {
                try expect(kept.key.residence != .shared && kept.value.residence != .shared,
                           "records kept past their transaction are no longer shared (\(kept.key.residence), \(kept.value.residence))")
            }
        },
        ConformanceCase("manifest.writeReads", "A value read in a write transaction is no longer shared after the next update where writeReads is untilNextUpdate, and still shared (with its bytes) where it is anything else — even after its own key is overwritten.") { ctx in
            let original = pattern(2, count: 40)
            let untilNextUpdate = ctx.capabilities.writeReads == .untilNextUpdate
            try ctx.engine.write { txn in
                try txn.put([0x71], original)
                let v = try txn.get([0x71])!
                guard v.residence == .shared else { return }  // point reads here are not lent: nothing to end
                try txn.put([0x72], pattern(3, count: 40))  // an update of another key
                if untilNextUpdate {
                    try expect(v.residence != .shared, "a value read before an update is still shared after it (writeReads=untilNextUpdate)")
                } else {
                    try expectEqual(v.residence, .shared,
                                    "a value read before an update is no longer shared after it, though writeReads=\(ctx.capabilities.writeReads) says it lives on")
                }
                // Its own key overwritten, and memory of the same size churned: a value whose
                // memory went back to the allocator no longer reads right.
                try txn.put([0x71], pattern(4, count: 40))
                for i in 0 ..< 64 { try txn.put([0x73, UInt8(i)], pattern(5 + i, count: 40)) }
                try expectEqual(Array(v), original,
                                "a value read in the write transaction, after its key was overwritten (writeReads=\(ctx.capabilities.writeReads))")
            }
        },
        ConformanceCase("manifest.maxValueSize", "A value of exactly maxValueSize bytes is kept; one byte more is refused with valueTooLarge and nothing is stored.", requires: [.maxValueSize(atMost: 16 << 20)]) { ctx in
            let limit = ctx.capabilities.maxValueSize!
            try ctx.engine.write { try $0.put([0x74], pattern(6, count: limit)) }
            try expectError("a value one byte over the limit", {
                if case .valueTooLarge(let size, let l) = $0 { return size == limit + 1 && l == limit } else { return false }
            }) { try ctx.engine.write { try $0.put([0x75], pattern(7, count: limit + 1)) } }
            try ctx.engine.read { txn in
                try expectEqual(try txn.get([0x74])?.count, limit, "a value at the limit is kept")
                try expect(try txn.get([0x75]) == nil, "the oversized write stored nothing")
            }
        },
    ]
}
