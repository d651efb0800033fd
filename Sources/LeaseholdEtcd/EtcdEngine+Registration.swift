#if Etcd
import Foundation
import LeaseholdCore

extension EngineRegistration {
    /// `etcd://HOST:PORT[,HOST:PORT…][/NAMESPACE]`: an ``EtcdEngine`` over the cluster whose
    /// members are listed (IPv6 addresses in brackets). The path after the members, ending in
    /// `/`, and then the `prefix` option name a key namespace: `etcd://h:2379/app` keeps every key
    /// of the store under `app/`, `etcd://h:2379/app?prefix=svc.` under `app/svc.` (a
    /// ``PrefixedEngine``); with neither, the store is the cluster's whole keyspace. Register it
    /// once: `try Engines.register(.etcd)`.
    ///
    /// A store exists when it holds a key: opened for `EngineAccess.readOnly`, an empty namespace
    /// (or cluster) throws ``LeaseholdError/notFound(_:)`` — asked at once, so an unreachable
    /// cluster throws then — and writes throw ``LeaseholdError/readOnly``.
    ///
    /// Scratch stores (the conformance suite, benchmarks) are namespaces
    /// `…leasehold-scratch/NAME/` under the URL's own, emptied afterwards.
    public static let etcd = EngineRegistration(
        scheme: "etcd",
        summary: "etcd v3 cluster over gRPC: reads at one revision, pages lent in place, Txn commits checked by compares",
        example: "etcd://127.0.0.1:2379,127.0.0.1:22379/app/?timeout=5s",
        options: [
            EngineOption("prefix", .string, "More of the key namespace, after the URL's path and its '/' (UTF-8)."),
            EngineOption("timeout", .duration, default: "5s", "How long one call may take, retries and fail-over included."),
            EngineOption("pageSize", .integer(1 ... 1_000_000), default: "1000", "The most records one range request asks for."),
            EngineOption("scanLease", .choice(["step", "transaction"]), default: "step",
                         "Scanned records stay lent until the cursor's next page (step) or the transaction's end."),
            EngineOption("maxTxnOps", .integer(1 ... 1_000_000), default: "128", "The cluster's --max-txn-ops."),
            EngineOption("maxRequestBytes", .size, default: "1.5MiB", "The cluster's --max-request-bytes."),
            EngineOption("maxKeySize", .size, default: "4KiB", "The longest key accepted."),
            EngineOption("conflictRetries", .integer(0 ... 1_000_000), default: "10",
                         "How many times a write that conflicts runs again before it throws conflict."),
        ],
        scratch: .custom(
            derive: { base, name in
                var url = base
                url.queryItems.removeAll { $0.name == "prefix" }
                url.queryItems.append(.init(name: "prefix", value: (base.value(of: "prefix") ?? "") + "leasehold-scratch/\(name)/"))
                return url
            },
            remove: { store in EtcdEngine.empty(store) })
    ) { request in
        try EtcdEngine.open(request)
    }
}

extension EtcdEngine {
    /// Deletes every key of the store `url` names (a scratch namespace), if it can be reached.
    static func empty(_ url: StoreURL) {
        guard let request = try? EngineRegistration.etcd.request(url, access: EngineAccess.readWrite),
              let engine = try? AnyEngine(open(request))
        else { return }
        try? engine.write { _ = try $0.deleteRange(.all) }
        try? engine.close()
    }

    /// The engine a checked `etcd://` request names: the cluster, or a namespace of it.
    static func open(_ request: EngineRequest) throws -> any Engine {
        guard let members = request.url.authority, !members.isEmpty else {
            throw LeaseholdError.invalidArgument(
                "'\(request.url)' names no etcd members: write etcd://HOST:PORT[,HOST:PORT…][/NAMESPACE]")
        }
        var options = Options(endpoints: try Endpoint.list(members))
        let given = request.options
        if let seconds = given.duration("timeout") {
            guard seconds > 0 else { throw LeaseholdError.invalidOption(scheme: "etcd", option: "timeout", problem: "must be positive") }
            options.timeout = .nanoseconds(Int64((seconds * 1e9).rounded()))
        }
        if let size = given.integer("pageSize") { options.pageSize = size }
        if let scope = given.string("scanLease") { options.scanLease = scope == "transaction" ? .transaction : .step }
        if let count = given.integer("maxTxnOps") { options.maxTxnOps = count }
        if let size = given.size("maxRequestBytes") { options.maxRequestBytes = size }
        if let size = given.size("maxKeySize") { options.maxKeySize = size }
        if let count = given.integer("conflictRetries") { options.conflictRetries = count }
        options.readOnly = request.access == .readOnly
        var namespace = String(request.url.path.drop { $0 == "/" })
        if !namespace.isEmpty && !namespace.hasSuffix("/") { namespace += "/" }
        namespace += given.string("prefix") ?? ""
        let base = try EtcdEngine(options: options)
        let engine: any Engine = namespace.isEmpty ? base : try base.prefixed(by: Array(namespace.utf8))
        // A read-only open creates nothing, so a store must be there already.
        if options.readOnly, try !AnyEngine(engine).read({ txn in var cursor = try txn.cursor(); return try cursor.first() != nil }) {
            throw LeaseholdError.notFound("etcd \(members): nothing stored" + (namespace.isEmpty ? "" : " under '\(namespace)'"))
        }
        return engine
    }
}
#endif
