import Leasehold
import Testing

/// The README's example, checked: if this changes, change the README.
@Test("the README example does what it says")
func readmeExample() throws {
    let store = AnyEngine(try MemoryEngine())
    try store.write { txn in
        try txn.put(Bytes("user/1"), Bytes("alice"))
        try txn.put(Bytes("user/2"), Bytes("bob"))
    }
    var seen: [String] = []
    let kept: [Bytes] = try store.read { txn in
        var names: [Bytes] = []
        try txn.scan(.prefix(Array("user/".utf8))) { key, value in
            seen.append("\(key) \(value) \(value.residence)")
            names.append(value)
        }
        return names
    }
    #expect(seen == ["b'user/1' b'alice' shared", "b'user/2' b'bob' shared"])
    #expect(kept.map(\.residence) == [.copied, .copied])
    let stats = store.statistics.snapshot()
    #expect(stats.sinksRegistered == 4 && stats.sinksCopied == 2 && stats.inlineCopies == 2, "\(stats)")
    #expect(kept[0].ownedCopy() == OwnedBytes(Array("alice".utf8)))
}
