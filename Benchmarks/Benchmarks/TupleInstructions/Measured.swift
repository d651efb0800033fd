import Leasehold

// The measured functions: `Benchmarks/tuple-instructions.sh` counts inside `measure_OPERATION`
// only. Each is one plain, never-inlined symbol (`@_silgen_name`) that runs its operation `n`
// times on the key ('users', 123456789 + i, 'alice@example.com'), i rotating through 16 values
// as in TupleBenchmarks; `keys` holds those 16 keys packed (made outside the count).

/// Keeps `value` alive and opaque to the optimizer (as package-benchmark's `blackHole`).
@_optimize(none) @inline(never) func consume<T>(_ value: T) {}

@_silgen_name("measure_packKey") @inline(never) func measure_packKey(_ keys: [Key], _ n: Int) {
    consume(keys.count)  // (uses `keys`: a function that drops it is specialized into a thunk callgrind cannot bracket)
    for i in 0 ..< n { consume(Key("users", 123_456_789 &+ (i & 15), "alice@example.com")) }
}

@_silgen_name("measure_packArray") @inline(never) func measure_packArray(_ keys: [Key], _ n: Int) {
    consume(keys.count)  // (uses `keys`: a function that drops it is specialized into a thunk callgrind cannot bracket)
    for i in 0 ..< n { consume(Key.pack("users", 123_456_789 &+ (i & 15), "alice@example.com")) }
}

@_silgen_name("measure_unpackViews") @inline(never) func measure_unpackViews(_ keys: [Key], _ n: Int) throws {
    for i in 0 ..< n { consume(try keys[i & 15].decode(Bytes.self, Int.self, Bytes.self)) }
}

@_silgen_name("measure_unpackTyped") @inline(never) func measure_unpackTyped(_ keys: [Key], _ n: Int) throws {
    for i in 0 ..< n { consume(try keys[i & 15].decode(String.self, Int.self, String.self)) }
}

@_silgen_name("measure_lazyInt") @inline(never) func measure_lazyInt(_ keys: [Key], _ n: Int) throws {
    for i in 0 ..< n { consume(try keys[i & 15][1, as: Int.self]) }
}

/// The record of the Codable operations (issue 19's `User`), stored by `TupleEncoder`.
struct User: Codable {
    var id: Int
    var name: String
    var email: String
    var age: Int
}

/// The 16 users the Codable operations rotate through, and their records and hand-packed tuples
/// (made outside the count).
enum Users {
    static let all = (0 ..< 16).map { User(id: 123_456_789 + $0, name: "alice", email: "alice@example.com", age: 30 + $0) }
    static var records: [Bytes] { all.map { try! TupleEncoder().encode($0) } }
    static var tuples: [Key] { all.map { Key($0.id, $0.name, $0.email, $0.age) } }
}

@_silgen_name("measure_codableDecode") @inline(never) func measure_codableDecode(_ records: [Bytes], _ n: Int) throws {
    let decoder = TupleDecoder()
    for i in 0 ..< n { consume(try decoder.decode(User.self, from: records[i & 15])) }
}

@_silgen_name("measure_handDecode") @inline(never) func measure_handDecode(_ tuples: [Key], _ n: Int) throws {
    for i in 0 ..< n {
        let (id, name, email, age) = try tuples[i & 15].decode(Int.self, String.self, String.self, Int.self)
        consume(User(id: id, name: name, email: email, age: age))
    }
}

@_silgen_name("measure_codableEncode") @inline(never) func measure_codableEncode(_ users: [User], _ n: Int) throws {
    let encoder = TupleEncoder()
    for i in 0 ..< n { consume(try encoder.withEncoding(of: users[i & 15]) { $0.count }) }
}

@_silgen_name("measure_handEncode") @inline(never) func measure_handEncode(_ users: [User], _ n: Int) {
    for i in 0 ..< n {
        let user = users[i & 15]
        consume(Key(user.id, user.name, user.email, user.age))
    }
}

/// The loop alone (index, key load, `consume`): subtracted from the others by the script.
@_silgen_name("measure_loop") @inline(never) func measure_loop(_ keys: [Key], _ n: Int) {
    for i in 0 ..< n { consume(keys[i & 15]) }
}

enum Operations {
    static let all: [String: @Sendable ([Key], Int) throws -> Void] = [
        "packKey": measure_packKey, "packArray": measure_packArray, "unpackViews": measure_unpackViews,
        "unpackTyped": measure_unpackTyped, "lazyInt": measure_lazyInt, "loop": measure_loop,
        "codableDecode": { _, n in try measure_codableDecode(Users.records, n) },
        "handDecode": { _, n in try measure_handDecode(Users.tuples, n) },
        "codableEncode": { _, n in try measure_codableEncode(Users.all, n) },
        "handEncode": { _, n in measure_handEncode(Users.all, n) },
    ]
}

