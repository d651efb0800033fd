// The program of issue 16, as a new user would write it: a value read in an LMDB write
// transaction, then thousands of updates through the raw primitive `put(key:value:)`, which
// skips key validation and the end of the lease LMDB's updates require. It must not compile
// without the explicit opt-in `@_spi(Adapter) import Leasehold`: `make tier-check` typechecks it
// as it is (it must fail) and with that line added (it must pass).
import Leasehold
import LeaseholdLMDB

let path = "/tmp/leasehold-tier-check"
let e = try LMDBEngine(path: path)
try e.write { txn in
    try txn.put(Bytes("a0"), Bytes(String(repeating: "A", count: 40)))
    let v = try txn.get(Bytes("a0"))!  // lent from a dirty page
    let value = [UInt8](repeating: UInt8(ascii: "X"), count: 200)
    for i in 0 ..< 3000 {
        let key = Array("k\(i)".utf8)
        try key.withUnsafeBytes { kb in
            try value.withUnsafeBytes { vb in try txn.put(key: kb, value: vb) }  // the primitive
        }
    }
    print(v.residence, v.prefix(16))
}
