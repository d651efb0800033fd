#if Etcd
import Benchmark
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import Leasehold
import LeaseholdEtcd
import LeaseholdEtcdProtocol
import ScanStyles

/// One etcd member on loopback (started here, in a directory under /dev/shm, killed at exit) with
/// 100,000 records (`BenchmarkRecords`: 16-byte keys, 100-byte values). Each scan reads all of
/// them in pages of 1,000 and does the same work per record: both lengths plus the key's first byte; each get pass reads
/// 2,000 random keys, one request each. The Leasehold styles (`ScanStyles`) and a raw loop of the
/// generated gRPC client (swift-protobuf decoding, as an application would write it) run against
/// the same member in the same process, so ratios compare like with like. One measured iteration
/// is one whole pass: ms per pass / 100 = µs per 1,000 records.
enum Store {
    static let records = 100_000
    static let gets = 2_000
    static let pageSize = 1_000

    static let member: (process: Process, port: Int, dir: String) = {
        let dir = (FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory())
            + "/leasehold-etcd-bench-\(getpid())"
        let port = 23000 + Int(getpid() % 2000) * 2
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcd")
        process.arguments = [
            "--name", "bench", "--data-dir", dir,
            "--listen-client-urls", "http://127.0.0.1:\(port)", "--advertise-client-urls", "http://127.0.0.1:\(port)",
            "--listen-peer-urls", "http://127.0.0.1:\(port + 1)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(port + 1)",
            "--initial-cluster", "bench=http://127.0.0.1:\(port + 1)", "--max-txn-ops", "10000",
            "--logger", "zap", "--log-level", "error", "--log-outputs", dir + ".log",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try! process.run()
        atexit {
            Store.member.process.terminate()
            Store.member.process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: Store.member.dir)
            try? FileManager.default.removeItem(atPath: Store.member.dir + ".log")
        }
        return (process, port, dir)
    }()

    static func options(_ scanLease: Capabilities.LeaseScope) -> EtcdEngine.Options {
        .init(endpoints: [.init(host: "127.0.0.1", port: member.port)], timeout: .seconds(30),
              pageSize: pageSize, scanLease: scanLease, maxTxnOps: 10_000)
    }

    /// The same store lent per transaction instead of per page, to compare the two.
    static let transactionEngine = try! EtcdEngine(options: options(.transaction))

    static let engine: EtcdEngine = {
        let engine = try! EtcdEngine(options: options(.step))
        try! BenchmarkRecords.load(engine, count: records, perTransaction: 5_000)
        return engine
    }()

    /// Keys to get, in random order, back to back (16 bytes each).
    static let randomKeys = BenchmarkRecords.randomKeys(gets: gets, records: records)

    /// A plain grpc-swift client of the generated code, as an application would write one —
    /// except that it is replaced every 150 calls, as the engine's is: etcd's grpc-go server
    /// sends a PING per request and swift-nio-http2 closes a connection after 200 in 30 s.
    nonisolated(unsafe) static var rawClient = makeRawClient()
    nonisolated(unsafe) static var rawCalls = 0

    static func makeRawClient() -> GRPCClient<HTTP2ClientTransport.Posix> {
        let client = GRPCClient(transport: try! HTTP2ClientTransport.Posix(
            target: .ipv4(address: "127.0.0.1", port: member.port), transportSecurity: .plaintext))
        Task { try await client.runConnections() }
        return client
    }

    /// The client for the next call.
    static func raw() -> Etcdserverpb_KV.Client<HTTP2ClientTransport.Posix> {
        rawCalls += 1
        if rawCalls % 150 == 0 {
            rawClient.beginGracefulShutdown()
            rawClient = makeRawClient()
        }
        return Etcdserverpb_KV.Client(wrapping: rawClient)
    }
}

/// One raw pass over the store: range requests of `pageSize` at one revision, decoded by
/// swift-protobuf (a `Data` per key and value).
func rawScan() async throws -> Int {
    var total = 0
    var request = Etcdserverpb_RangeRequest()
    request.key = Data([0])
    request.rangeEnd = Data([0])
    request.limit = Int64(Store.pageSize)
    while true {
        let page = try await Store.raw().range(request)
        for kv in page.kvs { total &+= kv.key.count &+ kv.value.count &+ Int(kv.key[kv.key.startIndex]) }
        guard page.more, let last = page.kvs.last else { return total }
        request.revision = page.header.revision
        request.serializable = true
        request.key = last.key + [0]
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], warmupIterations: 1,
        maxDuration: .seconds(10), maxIterations: 10)
    let engine = Store.engine
    let randomKeys = Store.randomKeys

    Benchmark("a. raw scan, generated gRPC client (floor)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try await rawScan()) }
    }

    Benchmark("f1. \(Store.gets / 1000)k random gets, generated gRPC client (linearizable)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var total = 0
            for i in 0 ..< Store.gets {
                var request = Etcdserverpb_RangeRequest()
                request.key = Data(randomKeys[i * 16 ..< i * 16 + 16])
                total &+= try await Store.raw().range(request).kvs.first!.value.count
            }
            blackHole(total)
        }
    }

    Benchmark("f1b. \(Store.gets / 1000)k random gets, generated gRPC client at one revision (as a read transaction)", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            var total = 0
            var revision: Int64 = 0
            for i in 0 ..< Store.gets {
                var request = Etcdserverpb_RangeRequest()
                request.key = Data(randomKeys[i * 16 ..< i * 16 + 16])
                request.revision = revision
                request.serializable = revision != 0
                let response = try await Store.raw().range(request)
                revision = response.header.revision
                total &+= response.kvs.first!.value.count
            }
            blackHole(total)
        }
    }

    // Per-transaction leases: no value is ever copied before the transaction ends, but every page
    // stays in memory until then.
    let transactionEngine = Store.transactionEngine
    let report = CounterReport(fileName: "leasehold-etcd-counters.txt", records: Store.records)
    for (label, keeps) in [("t1. scan, values dropped, transaction leases", false), ("t2. scan keeping every value, transaction leases", true)] {
        Benchmark(label, configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations {
                var kept: [Bytes] = []
                try report.once(String(label.prefix(2)) + (keeps ? " keep every value" : " drop every value") + ", transaction leases", transactionEngine) {
                    try transactionEngine.read { txn in
                        try txn.scan { _, value in if keeps { kept.append(value) } else { blackHole(value.count) } }
                    }
                }
                blackHole(kept)
                benchmark.stopMeasurement()
            }
        }
    }

    ScanStyles.register(
        engine, records: Store.records, randomKeys: randomKeys, keyLength: 16, configuration: configuration,
        report: report)
}
#else
let benchmarks: @Sendable () -> Void = {}
#endif
