#if Etcd
import Dispatch
import GRPCCore
import GRPCNIOTransportHTTP2Posix
@_spi(Adapter) import LeaseholdCore
import NIOCore
import NIOPosix

/// The gRPC side of an etcd engine: an event loop thread of its own, a client over every
/// endpoint (round-robin, so a dead member's connection is skipped), and the bridge that lets a
/// caller's thread block while a call runs.
///
/// Every async piece — the clients' connections and each call — runs with
/// ``EventLoopTaskExecutor`` as its executor preference, on this connection's event loop. The
/// caller's thread only waits on a semaphore, with a deadline it enforces itself (a timed wait,
/// then cancellation), so a caller that blocks can never deadlock the client: nothing the
/// client does needs the caller's thread or the global cooperative pool to finish.
///
/// A client serves at most ``callsPerClient`` calls; then a fresh one (new connections) takes
/// over and the old one shuts down once its last call is done. The reason: etcd's gRPC server
/// (grpc-go) answers each request with a flow-control PING, and swift-nio-http2 (1.46) closes a
/// connection that receives more than 200 PING/SETTINGS frames in 30 seconds as a
/// denial-of-service guard, which grpc-swift-nio-transport (2.9) does not let a client relax.
/// Without the rotation every connection would drop — mid-commit — after about 200 calls.
final class EtcdConnection: Sendable {
    typealias Client = GRPCClient<HTTP2ClientTransport.Posix>

    /// Calls one client serves before it is replaced (below the 200-frame guard, with room for
    /// the SETTINGS frames of a connection's start).
    static let callsPerClient = 150

    private let group: MultiThreadedEventLoopGroup
    let executor: EventLoopTaskExecutor
    let makeTransport: @Sendable () throws -> HTTP2ClientTransport.Posix
    /// The change feeds' watch streams, each on a client of its own (see ``EtcdWatch``): outside
    /// the rotation, stopped first by ``shutdown()``.
    let watches = EtcdWatchSet()
    private let clients: Locked<(current: ClientGeneration, retired: [ClientGeneration])>

    /// Connects lazily: no connection is made until the first call.
    init(endpoints: [EtcdEngine.Endpoint], eventLoopThreads: Int) throws {
        let target = try Self.target(endpoints)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, eventLoopThreads))
        let makeTransport: @Sendable () throws -> HTTP2ClientTransport.Posix = {
            try HTTP2ClientTransport.Posix(
                target: target,
                transportSecurity: .plaintext,
                config: .defaults { config in
                    // A restarted member is found again within a fraction of a second.
                    config.backoff = .init(initial: .milliseconds(50), max: .seconds(1), multiplier: 1.6, jitter: 0.2)
                },
                serviceConfig: ServiceConfig(loadBalancingConfig: [.roundRobin]),
                eventLoopGroup: group)
        }
        let executor = EventLoopTaskExecutor(group.next())
        let first: ClientGeneration
        do {
            first = ClientGeneration(transport: try makeTransport(), executor: executor)
        } catch {
            try? group.syncShutdownGracefully()
            throw LeaseholdError.invalidArgument("etcd endpoints: \(error)")
        }
        self.group = group
        self.executor = executor
        self.makeTransport = makeTransport
        clients = Locked((first, []))
    }

    /// The transport's target for `endpoints`: IP literals as they are, host names resolved now.
    private static func target(_ endpoints: [EtcdEngine.Endpoint]) throws -> any ResolvableTarget & Sendable {
        var v4: [GRPCNIOTransportCore.SocketAddress.IPv4] = []
        var v6: [GRPCNIOTransportCore.SocketAddress.IPv6] = []
        for endpoint in endpoints {
            let address: NIOCore.SocketAddress
            do {
                address = try NIOCore.SocketAddress.makeAddressResolvingHost(endpoint.host, port: endpoint.port)
            } catch {
                throw LeaseholdError.invalidArgument("etcd endpoint \(endpoint): cannot resolve \(endpoint.host)")
            }
            switch address {
            case .v4: v4.append(.init(host: address.ipAddress!, port: endpoint.port))
            case .v6: v6.append(.init(host: address.ipAddress!, port: endpoint.port))
            default: throw LeaseholdError.invalidArgument("etcd endpoint \(endpoint) is not an IP address")
            }
        }
        if !v4.isEmpty && !v6.isEmpty {
            throw LeaseholdError.invalidArgument("etcd endpoints mix IPv4 and IPv6 addresses; use one family")
        }
        return v4.isEmpty ? ResolvableTargets.IPv6(addresses: v6) : ResolvableTargets.IPv4(addresses: v4)
    }

    /// The client for one more call (counted until ``ClientGeneration/end()``); replaces the
    /// current client when it has served its share.
    private func acquire() -> ClientGeneration {
        clients.withLock { clients in
            let generation = clients.current
            if generation.begin() >= Self.callsPerClient, let transport = try? makeTransport() {
                clients.current = ClientGeneration(transport: transport, executor: executor)
                generation.retire()
                clients.retired.removeAll { $0.isFinished }
                clients.retired.append(generation)
            }
            return generation
        }
    }

    /// Runs `operation` on the connection's event loop and blocks the calling thread until it
    /// finishes, or until `deadline`; then cancels it and returns `nil`.
    func run<Value: Sendable>(
        until deadline: ContinuousClock.Instant,
        _ operation: @escaping @Sendable (Client) async throws -> Value
    ) -> Result<Value, any Error>? {
        for loop in group.makeIterator() {
            precondition(!loop.inEventLoop, "an etcd engine was called from its own event loop thread")
        }
        let generation = acquire()
        let result = CallResult<Value>()
        let task = Task(executorPreference: executor) {
            defer { generation.end() }
            do {
                result.finish(.success(try await operation(generation.client)))
            } catch {
                result.finish(.failure(error))
            }
        }
        if let finished = result.wait(until: deadline) { return finished }
        task.cancel()
        return nil
    }

    /// Closes every connection and stops the event loop. Called once (the store's gate closes
    /// the store once).
    func shutdown() {
        watches.close()
        let all = clients.withLock { [$0.current] + $0.retired }
        for generation in all { generation.stop() }
        try? group.syncShutdownGracefully()
    }
}

/// One gRPC client with its connections, and the count of calls it has served and is serving.
final class ClientGeneration: Sendable {
    let client: EtcdConnection.Client
    private let running = CallResult<Void>()
    private let runner: Task<Void, Never>
    private let counts = Locked<(served: Int, inFlight: Int, retired: Bool)>((0, 0, false))

    init(transport: HTTP2ClientTransport.Posix, executor: EventLoopTaskExecutor) {
        let client = GRPCClient(transport: transport)
        let running = running
        self.client = client
        runner = Task(executorPreference: executor) {
            do {
                try await client.runConnections()
                running.finish(.success(()))
            } catch {
                running.finish(.failure(error))
            }
        }
    }

    /// Counts a call that starts; returns how many this client has been given.
    func begin() -> Int {
        counts.withLock { c in
            c.served += 1
            c.inFlight += 1
            return c.served
        }
    }

    /// Counts a call that ended; a retired client shuts down after its last one.
    func end() {
        let idle = counts.withLock { c in
            c.inFlight -= 1
            return c.retired && c.inFlight == 0
        }
        if idle { client.beginGracefulShutdown() }
    }

    /// Takes no more calls; shuts down now if none is running.
    func retire() {
        let idle = counts.withLock { c in
            c.retired = true
            return c.inFlight == 0
        }
        if idle { client.beginGracefulShutdown() }
    }

    /// Whether the client has shut down.
    var isFinished: Bool { running.wait(until: .now) != nil }

    /// Shuts the client down, waiting a little for calls still running, then cancelling them.
    func stop() {
        client.beginGracefulShutdown()
        if running.wait(until: .now + .seconds(2)) == nil {
            runner.cancel()
            _ = running.wait(until: .now + .seconds(2))
        }
    }
}

/// The outcome of one async call, handed from the event loop to the thread that waits for it.
final class CallResult<Value: Sendable>: Sendable {
    private let outcome = Locked<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Stores the outcome and wakes the waiter (once).
    func finish(_ result: Result<Value, any Error>) {
        outcome.withLock { $0 = result }
        done.signal()
    }

    /// Blocks until the outcome is there or `deadline` passes (`nil`). Keeps the outcome, so it
    /// may be called again.
    func wait(until deadline: ContinuousClock.Instant) -> Result<Value, any Error>? {
        let remaining = deadline - .now
        let nanoseconds = max(0, remaining.components.seconds * 1_000_000_000 + remaining.components.attoseconds / 1_000_000_000)
        guard done.wait(timeout: .now() + .nanoseconds(Int(min(nanoseconds, Int64(Int.max))))) == .success else { return nil }
        done.signal()  // leave it signalled for a later wait
        return outcome.withLock { $0 }
    }
}

/// A Swift concurrency task executor that runs every job on one NIO event loop.
///
/// The etcd engine starts its gRPC client and each call with this as the task's executor
/// preference, so the client's tasks (and all their child tasks) run on the engine's own event
/// loop thread, never on the caller's thread and never on the global cooperative pool. A caller
/// that blocks a cooperative thread while it waits therefore cannot starve the work it waits for.
final class EventLoopTaskExecutor: TaskExecutor {
    /// The loop every job runs on.
    let loop: any EventLoop

    init(_ loop: any EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
#endif
