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

/// The loop alone (index, key load, `consume`): subtracted from the others by the script.
@_silgen_name("measure_loop") @inline(never) func measure_loop(_ keys: [Key], _ n: Int) {
    for i in 0 ..< n { consume(keys[i & 15]) }
}

enum Operations {
    static let all: [String: @Sendable ([Key], Int) throws -> Void] = [
        "packKey": measure_packKey, "packArray": measure_packArray, "unpackViews": measure_unpackViews,
        "unpackTyped": measure_unpackTyped, "lazyInt": measure_lazyInt, "loop": measure_loop,
    ]
}

