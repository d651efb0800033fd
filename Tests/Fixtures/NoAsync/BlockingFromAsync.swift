// `make noasync-check` typechecks this program: every marked line calls a blocking engine call
// from an async function and must be refused (6 errors), through a concrete engine, AnyEngine,
// a namespace, a generic parameter and an existential alike. With `async` removed from the
// functions, the same program must compile (so the check fails for the right reason).
import Leasehold
import LeaseholdLMDB

func concrete(_ engine: MemoryEngine) async throws {
    try engine.write { try $0.put([1], [1]) }  // refused
}

func erased(_ engine: AnyEngine) async throws {
    _ = try engine.read { try $0.count() }  // refused
}

func namespaced(_ engine: MemoryEngine) async throws {
    _ = try engine.prefixed(by: [7]).read { try $0.count() }  // refused
}

func generic<E: Engine>(_ engine: E) async throws {
    try engine.close()  // refused
}

func existential(_ engine: any Engine) async throws {
    try engine.close()  // refused
}

func lmdb(_ engine: LMDBEngine) async throws {
    _ = try engine.read { try $0.count() }  // refused
}
