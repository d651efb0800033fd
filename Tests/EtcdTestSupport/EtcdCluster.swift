#if Etcd
import Foundation
import LeaseholdCore
import LeaseholdEtcd
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway etcd cluster on loopback for the tests: `size` members (`etcd` from Debian's
/// `etcd-server`), each with a temporary data directory (in `/dev/shm` when it exists, so fsync
/// is free) and free ports.
///
/// Every member runs under a small shell watchdog that kills it when this test process goes away,
/// so even a crashed test run leaves no etcd behind; ``shutdown()`` (or `deinit`) stops the
/// members and removes the directories. ``kill(_:)`` and ``restart(_:)`` stop and start one
/// member for the fault tests.
public final class EtcdCluster: @unchecked Sendable {  // members are changed under `lock`
    /// One member: its name, ports, data directory and process (nil while killed).
    public struct Member {
        public let name: String
        public let clientPort: Int
        public let peerPort: Int
        public let dataDir: String
        public var process: Process?
    }

    /// The `--max-txn-ops` test clusters run with unless told otherwise: more than etcd's 128
    /// (the conformance suite writes 1,000 records in one transaction).
    public static let maxTxnOps = 10_000

    /// The directory holding the members' data directories and logs.
    public let root: String
    /// The members.
    public private(set) var members: [Member]
    private let lock = NSLock()

    /// The members' client endpoints.
    public var endpoints: [EtcdEngine.Endpoint] { members.map { EtcdEngine.Endpoint(host: "127.0.0.1", port: $0.clientPort) } }

    /// Engine options for this cluster (its limits, a short timeout for tests).
    public func options(timeout: Duration = .seconds(10), scanLease: Capabilities.LeaseScope = .step, pageSize: Int = 1000) -> EtcdEngine.Options {
        EtcdEngine.Options(endpoints: endpoints, timeout: timeout, pageSize: pageSize, scanLease: scanLease, maxTxnOps: maxTxnOps)
    }

    /// The cluster's `--max-txn-ops`.
    public let maxTxnOps: Int

    /// Starts a cluster and waits until it has a leader that every member knows.
    public init(size: Int = 3, maxTxnOps: Int = EtcdCluster.maxTxnOps) throws {
        self.maxTxnOps = maxTxnOps
        guard let etcd = Self.findEtcd() else {
            throw LeaseholdError.notFound("the etcd binary (Debian: apt-get install etcd-server; `make test` installs it)")
        }
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let root = (base as NSString).appendingPathComponent("leasehold-etcd-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        self.root = root
        let ports = try Self.freePorts(2 * size)
        members = (0 ..< size).map { i in
            Member(name: "m\(i)", clientPort: ports[2 * i], peerPort: ports[2 * i + 1],
                   dataDir: (root as NSString).appendingPathComponent("m\(i)"), process: nil)
        }
        self.etcd = etcd
        do {
            for i in 0 ..< size { try start(i) }
            try waitUntilHealthy()
        } catch {
            shutdown()
            throw error
        }
    }

    private let etcd: String

    deinit { shutdown() }

    private static func findEtcd() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") + ["/usr/bin", "/usr/local/bin"] {
            let candidate = "\(dir)/etcd"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// `n` distinct free TCP ports on 127.0.0.1 (bound to port 0, read back, released).
    private static func freePorts(_ n: Int) throws -> [Int] {
        var ports: Set<Int> = []
        while ports.count < n {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw LeaseholdError.io("socket: \(errno)") }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw LeaseholdError.io("bind: \(errno)") }
            ports.insert(Int(UInt16(bigEndian: address.sin_port)))
        }
        return Array(ports)
    }

    private func arguments(_ m: Member) -> [String] {
        let cluster = members.map { "\($0.name)=http://127.0.0.1:\($0.peerPort)" }.joined(separator: ",")
        return [
            "--name", m.name, "--data-dir", m.dataDir,
            "--listen-client-urls", "http://127.0.0.1:\(m.clientPort)", "--advertise-client-urls", "http://127.0.0.1:\(m.clientPort)",
            "--listen-peer-urls", "http://127.0.0.1:\(m.peerPort)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(m.peerPort)",
            "--initial-cluster", cluster, "--initial-cluster-token", (root as NSString).lastPathComponent,
            "--initial-cluster-state", "new", "--max-txn-ops", "\(maxTxnOps)",
            "--logger", "zap", "--log-level", ProcessInfo.processInfo.environment["LEASEHOLD_ETCD_LOG_LEVEL"] ?? "warn", "--log-outputs", m.dataDir + ".log",
        ]
    }

    /// The watchdog: runs etcd, kills it (SIGKILL) on SIGTERM or when the test process is gone.
    private static let watchdog = """
        "$@" &
        child=$!
        trap 'kill -KILL $child 2>/dev/null; wait $child; exit 0' TERM INT
        while kill -0 "$LEASEHOLD_TEST_PID" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.2; done
        kill -KILL $child 2>/dev/null
        wait $child
        """

    /// Starts member `i` (its data directory is reused on a restart).
    public func start(_ i: Int) throws {
        try lock.withLock {
            precondition(members[i].process == nil, "member \(i) is running")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", Self.watchdog, "etcd-watchdog", etcd] + arguments(members[i])
            var environment = ProcessInfo.processInfo.environment
            environment["LEASEHOLD_TEST_PID"] = "\(getpid())"
            process.environment = environment
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            members[i].process = process
        }
    }

    /// Kills member `i` (SIGKILL: a crash, not a clean stop) and waits until it is gone.
    public func kill(_ i: Int) {
        let process = lock.withLock { () -> Process? in
            defer { members[i].process = nil }
            return members[i].process
        }
        guard let process else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Starts a killed member again on its data directory.
    public func restart(_ i: Int) throws { try start(i) }

    /// Waits until every running member answers and knows the same leader.
    public func waitUntilHealthy(timeout: Duration = .seconds(60)) throws {
        let deadline = ContinuousClock.now + timeout
        let running = lock.withLock { members.indices.filter { members[$0].process != nil } }
        var last = "no answer"
        while ContinuousClock.now < deadline {
            do {
                var leaders: Set<UInt64> = []
                for i in running {
                    let probe = try EtcdEngine(options: .init(endpoints: [endpoints[i]], timeout: .seconds(1)))
                    defer { try? probe.close() }
                    leaders.insert(try probe.status().leaderID)
                }
                if leaders.count == 1 && !leaders.contains(0) { return }
                last = "leaders \(leaders)"
            } catch {
                last = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw LeaseholdError.unavailable("the test cluster did not become healthy in \(timeout): \(last); logs in \(root)")
    }

    /// Stops every member and removes the data directories. Idempotent.
    public func shutdown() {
        for i in members.indices { kill(i) }
        // LEASEHOLD_KEEP_ETCD=1 keeps the data directories and logs for a look after the run.
        if ProcessInfo.processInfo.environment["LEASEHOLD_KEEP_ETCD"] == nil {
            try? FileManager.default.removeItem(atPath: root)
        }
    }
}
#endif
