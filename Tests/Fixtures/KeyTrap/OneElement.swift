// The program of issue 17, as a new user wrote it: keys read back from a scan, wrapped with
// `Key(raw)` to read their elements, and a prefix rebuilt from another key's packed bytes. Both
// used to compile and build a one-element tuple holding the bytes as a byte string, so the
// element read failed at run time and the prefix matched nothing. It must not compile:
// `make key-check` typechecks it as it is (it must fail twice, naming both fixes) and with each
// `Key(x)` of bytes replaced by `Key(packed: x)` (it must pass).
import Leasehold

let store = try MemoryEngine()
try store.write { txn in
    for id in 1 ... 3 { try txn.put(Key("orders", 7, id), Bytes("order \(id)")) }
}
try store.read { txn in
    let prefix = Key(Key("orders", 7).packed)
    try txn.scan(prefix.range) { raw, value in
        let key = Key(raw)
        print(try key[2, as: Int.self], value)
    }
}
