extension MemoryEngine {
    /// The `memory:` scheme: a new, empty in-memory store at every open (the location is
    /// ignored). Options: `scanLease` (`transaction` or `step`), `checked`, `maxKeySize`.
    ///
    /// Every ``EngineRegistry`` knows it from the start.
    public static let registration = EngineRegistration(
        scheme: "memory",
        summary: "in-memory ordered store (the reference adapter); a new empty store at every open",
        example: "memory:?scanLease=step&checked=true",
        options: [
            EngineOption("scanLease", .choice(["transaction", "step"]), default: "transaction",
                         "How long scanned records stay valid: the whole transaction, or one cursor step."),
            EngineOption("checked", .bool, default: "false",
                         "Overwrite lent memory with 0xDD and free it the moment its lease ends."),
            EngineOption("maxKeySize", .integer(1 ... 1 << 20), default: "511", "The longest key accepted, in bytes."),
        ],
        scratch: .independentOpens("memory")
    ) { request in
        var options = Options()
        if let scope = request.options.string("scanLease") { options.scanLease = scope == "step" ? .step : .transaction }
        if let checked = request.options.bool("checked") { options.checked = checked }
        if let limit = request.options.integer("maxKeySize") { options.maxKeySize = limit }
        return try MemoryEngine(options: options)
    }
}

extension EngineRegistration {
    /// `memory:`, the in-memory reference engine (see ``MemoryEngine/registration``).
    public static var memory: EngineRegistration { MemoryEngine.registration }
}
