#if Etcd
import Foundation
import LeaseholdCore

extension EtcdEngine {
    /// One member of the cluster, as the client reaches it.
    public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
        /// An IPv4 or IPv6 address, or a host name (resolved once, when the engine opens).
        public var host: String
        /// The member's client port (etcd's default is 2379).
        public var port: Int

        /// The member at `host:port`.
        public init(host: String, port: Int = 2379) {
            self.host = host
            self.port = port
        }

        /// `host:port` (`[host]:port` for an IPv6 address).
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
    }

    /// How to reach an etcd cluster and how to use it.
    ///
    /// The limits (``maxTxnOps``, ``maxRequestBytes``) must match the cluster's flags
    /// (`--max-txn-ops`, `--max-request-bytes`): the engine checks writes against them before it
    /// sends anything, so an oversized transaction fails with a typed error and loses nothing.
    public struct Options: Sendable, Hashable {
        /// The members to talk to. Calls are spread over them and go on through the others when
        /// one fails.
        public var endpoints: [Endpoint]
        /// How long one engine call (a point read, a page of a scan, a commit) may take,
        /// retries and fail-over included, before it throws ``LeaseholdError/unavailable(_:)``.
        public var timeout: Duration
        /// The most records one range request asks for. Scans start with small pages and double
        /// them up to this size, so a short scan does not fetch a large page.
        public var pageSize: Int
        /// How long scanned keys and values stay lent: `.step` (the default) until the cursor
        /// fetches its next page — memory stays bounded by one page per cursor, and a value kept
        /// past its page is copied then — or `.transaction`: every page is kept until the
        /// transaction ends, so nothing is ever copied before then.
        ///
        /// Measured (EtcdBenchmarks, 100,000 records of 116 bytes): a scan that keeps nothing
        /// copies nothing either way, but holds every page until the end with `.transaction`
        /// (peak resident memory 61 MB against 45 MB); a scan that keeps every value copies each
        /// once either way (when its page goes, or at the end), into 104 arenas against 1. So the
        /// default is `.step`: bounded memory for the price of an arena per page of kept values.
        public var scanLease: Capabilities.LeaseScope
        /// The cluster's `--max-txn-ops` (etcd's default: 128): the most compares, and the most
        /// writes, one commit may carry.
        public var maxTxnOps: Int
        /// The cluster's `--max-request-bytes` (etcd's default: 1.5 MiB): the largest commit.
        public var maxRequestBytes: Int
        /// The longest key accepted. etcd bounds a key only by the request size; the default
        /// (4 KiB) keeps keys short enough that a value may use the rest of a request.
        public var maxKeySize: Int
        /// The cluster's `--quota-backend-bytes` (etcd's default: 2 GiB), reported by
        /// ``LeaseholdError/storeFull(limit:)`` when the cluster runs out of space.
        public var quotaBackendBytes: Int
        /// How many times a write transaction runs again after a conflict before it throws
        /// ``LeaseholdError/conflict``.
        public var conflictRetries: Int
        /// The event loop threads of the gRPC client (the caller's thread only waits).
        public var eventLoopThreads: Int
        /// Refuse writes: `write` throws ``LeaseholdError/readOnly`` (what a read-only open through
        /// the registry sets).
        public var readOnly: Bool

        /// Options for a cluster; the defaults match an etcd started with default flags.
        public init(
            endpoints: [Endpoint], timeout: Duration = .seconds(5), pageSize: Int = 1000,
            scanLease: Capabilities.LeaseScope = .step, maxTxnOps: Int = 128, maxRequestBytes: Int = 1_572_864,
            maxKeySize: Int = 4096, quotaBackendBytes: Int = 2 << 30, conflictRetries: Int = 10,
            eventLoopThreads: Int = 1, readOnly: Bool = false
        ) {
            self.endpoints = endpoints
            self.timeout = timeout
            self.pageSize = pageSize
            self.scanLease = scanLease
            self.maxTxnOps = maxTxnOps
            self.maxRequestBytes = maxRequestBytes
            self.maxKeySize = maxKeySize
            self.quotaBackendBytes = quotaBackendBytes
            self.conflictRetries = conflictRetries
            self.eventLoopThreads = eventLoopThreads
            self.readOnly = readOnly
        }

        /// Checks that the options make sense together.
        func validate() throws {
            if endpoints.isEmpty { throw LeaseholdError.invalidArgument("etcd needs at least one endpoint") }
            for e in endpoints where e.host.isEmpty || !(1 ... 65535).contains(e.port) {
                throw LeaseholdError.invalidArgument("etcd endpoint \(e) needs a host and a port in 1...65535")
            }
            if timeout <= .zero { throw LeaseholdError.invalidArgument("etcd timeout must be positive") }
            if pageSize < 1 { throw LeaseholdError.invalidArgument("etcd pageSize must be at least 1") }
            if scanLease != .step && scanLease != .transaction {
                throw LeaseholdError.invalidArgument("etcd scans lend for .step (a page) or .transaction, not \(scanLease)")
            }
            if maxTxnOps < 1 { throw LeaseholdError.invalidArgument("etcd maxTxnOps must be at least 1") }
            if maxKeySize < 1 || 4 * maxKeySize + EtcdEngine.requestOverhead >= maxRequestBytes {
                throw LeaseholdError.invalidArgument("etcd maxKeySize \(maxKeySize) leaves no room in a \(maxRequestBytes)-byte request")
            }
            if conflictRetries < 0 { throw LeaseholdError.invalidArgument("etcd conflictRetries must not be negative") }
        }

        /// The longest value one put may carry: a request minus framing and four times the longest
        /// key (a commit names a key put in its compare, twice as a range, in the put, and in the
        /// read-back of an unknown outcome).
        var maxValueSize: Int { maxRequestBytes - 4 * maxKeySize - EtcdEngine.requestOverhead }

        /// Key and value bytes of puts that surely fit in one commit: each key may appear four
        /// times, so a quarter of a request (a single put larger than this fits alone).
        var maxTransactionBytes: Int { (maxRequestBytes - EtcdEngine.requestOverhead) / 4 }
    }
}

extension EtcdEngine.Endpoint {
    /// Parses `host:port` (`[v6-address]:port` for IPv6; the port defaults to 2379).
    public init(parsing text: some StringProtocol) throws {
        let text = String(text)
        var host = Substring(text)
        var port = 2379
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': missing ']'")
            }
            host = text[text.index(after: text.startIndex) ..< close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else {
                    throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': expected [address]:port")
                }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard let p = Int(text[text.index(after: colon)...]) else {
                throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': the port is not a number")
            }
            host = text[..<colon]
            port = p
        }
        guard !host.isEmpty, (1 ... 65535).contains(port) else {
            throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': expected host:port with a port in 1...65535")
        }
        self.init(host: String(host), port: port)
    }

    /// Parses a comma-separated list of endpoints.
    public static func list(_ text: String) throws -> [Self] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw LeaseholdError.invalidArgument("etcd endpoints '\(text)': expected host:port[,host:port…]")
        }
        return try parts.map { try Self(parsing: $0) }
    }
}
#endif
