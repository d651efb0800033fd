#if Etcd
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcdProtocol

/// One change feed's etcd `Watch`: a stream over a range, from a revision, on a gRPC client of
/// its own, turned into one ``Commit`` per store revision (its ``CommitSequence`` is the revision).
///
/// Everything runs in one task on the connection's event loop (``EventLoopTaskExecutor``): the
/// client's connections and the stream. Nothing blocks a thread; delivering a revision only
/// hands it to ``Sink/deliver``. ``ready`` tells the opener when etcd has created the watch (or
/// refused it).
///
/// The client is outside the engine's rotation of clients (``EtcdConnection/callsPerClient``),
/// so unary calls never retire it; the stream carries one request, so it draws few PINGs. When
/// the stream fails anyway (a member down, a connection dropped, a member without a leader), the
/// watch opens a new stream on a new client from the revision after the last one delivered:
/// nothing is lost or repeated. While no member can be reached a stream waits for one; the watch
/// gives up when streams keep failing at once for the engine's ``EtcdEngine/Options/timeout``.
final class EtcdWatch: Sendable {
    /// Where a watch sends what it sees.
    struct Sink: Sendable {
        /// Takes one revision's changes in the range (never empty); `false` stops the watch.
        var deliver: @Sendable (Commit) -> Bool
        /// Takes the end of the watch: `nil` when stopped (cancelled, the feed let go, or the store
        /// closed), else why it failed (``LeaseholdError/historyUnavailable(after:oldest:)``,
        /// ``LeaseholdError/unavailable(_:)``).
        var finish: @Sendable (LeaseholdError?) -> Void
    }

    private let connection: EtcdConnection
    private let options: EtcdEngine.Options
    private let range: KeyRange
    private let sink: Sink
    /// The running task, and whether the watch was cancelled (perhaps before the task existed).
    private let task = Locked<(running: Task<Void, Never>?, cancelled: Bool)>((nil, false))
    private let done = CallResult<Void>()
    /// The revision etcd created the watch at, or why it could not.
    let ready = CallResult<Int64>()

    /// A watch of `range` from revision `start` (inclusive; 0: from the revision after the one
    /// the watch is created at); runs once ``begin()`` is called.
    init(connection: EtcdConnection, options: EtcdEngine.Options, range: KeyRange, from start: Int64, sink: Sink) {
        self.connection = connection
        self.options = options
        self.range = range
        self.sink = sink
        self.start = start
    }

    private let start: Int64

    /// Starts the watch; when the connection is shut down already, finishes it at once.
    func begin() {
        guard connection.watches.insert(self) else {
            ready.finish(.failure(LeaseholdError.storeClosed))
            sink.finish(nil)
            done.finish(.success(()))
            return
        }
        let running = Task(executorPreference: connection.executor) { [self] in
            let outcome = await run()
            connection.watches.remove(self)
            if ready.wait(until: .now) == nil { ready.finish(.failure(outcome ?? LeaseholdError.storeClosed)) }
            sink.finish(outcome)
            done.finish(.success(()))
        }
        let cancelled = task.withLock { t in
            t.running = running
            return t.cancelled
        }
        if cancelled { running.cancel() }
    }

    /// Stops the watch (the feed ends without error) and waits, a little, for its task to end, so
    /// nothing of it runs on the event loop afterwards. Never call it from the event loop.
    func stop() {
        cancel()
        _ = done.wait(until: .now + .seconds(3))
    }

    /// Cancels the watch without waiting (from a consumer that stops iterating).
    func cancel() {
        task.withLock { t in
            t.cancelled = true
            return t.running
        }?.cancel()
    }

    /// Streams until cancelled or failed; returns the error that ended it (`nil`: cancelled).
    private func run() async -> LeaseholdError? {
        guard let (key, rangeEnd) = Self.bounds(of: range) else {
            // An empty range: nothing can ever change in it. Wait for the end.
            ready.finish(.success(0))
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return nil
        }
        var next = start
        var pause = Duration.milliseconds(10)
        var failingSince: ContinuousClock.Instant?
        var last = "no answer"
        while !Task.isCancelled {
            let transport: HTTP2ClientTransport.Posix
            do {
                transport = try connection.makeTransport()
            } catch {
                return LeaseholdError.unavailable("etcd watch: \(error)")
            }
            let client = GRPCClient(transport: transport)
            let request = Self.create(key: key, rangeEnd: rangeEnd, from: next)
            let progress = Locked((next: next, established: false))
            let ended: Result<Void, any Error> = await withTaskGroup(of: Void.self) { group in
                group.addTask { try? await client.runConnections() }
                defer { client.beginGracefulShutdown() }
                do {
                    try await stream(client, request, progress)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            if Task.isCancelled { return nil }
            let (reached, established) = progress.withLock { ($0.next, $0.established) }
            next = reached
            if established {
                failingSince = nil
                pause = .milliseconds(10)
            }
            if case .failure(let error) = ended {
                if error is Stop { return nil }
                switch EtcdFailure(error, quota: options.quotaBackendBytes) {
                case .compacted(let message): return .unavailable("etcd watch from revision \(next): \(message)")
                case .permanent(let failure): return failure
                case .transient(let message), .ambiguous(let message), .futureRevision(let message): last = message
                }
            } else {
                last = "the stream ended"
            }
            let since = failingSince ?? .now
            failingSince = since
            if .now + pause >= since + options.timeout {
                return LeaseholdError.unavailable("etcd watch failed for \(options.timeout): \(last)")
            }
            try? await Task.sleep(for: pause)
            pause = min(pause * 2, .milliseconds(250))
        }
        return nil
    }

    /// One Watch stream: sends the create request, then delivers revisions until the stream
    /// ends; notes in `progress` the next revision to watch from and whether the watch was
    /// created.
    private func stream(
        _ client: GRPCClient<HTTP2ClientTransport.Posix>, _ request: Etcdserverpb_WatchRequest,
        _ progress: Locked<(next: Int64, established: Bool)>
    ) async throws {
        var callOptions = CallOptions.defaults
        callOptions.waitForReady = true
        callOptions.maxResponseMessageBytes = Int(Int32.max)
        let range = range
        let sink = sink
        let ready = ready
        try await client.bidirectionalStreaming(
            request: StreamingClientRequest(of: Etcdserverpb_WatchRequest.self, metadata: ["hasleader": "true"]) { writer in
                try await writer.write(request)
                // Keep the request side open for the stream's life.
                while !Task.isCancelled { try await Task.sleep(for: .seconds(3600)) }
            },
            descriptor: Etcdserverpb_Watch.Method.Watch.descriptor,
            serializer: ProtobufSerializer<Etcdserverpb_WatchRequest>(),
            deserializer: ProtobufDeserializer<Etcdserverpb_WatchResponse>(),
            options: callOptions
        ) { response in
            for try await message in response.messages {
                if message.compactRevision > 0 {
                    let after = progress.withLock { $0.next } - 1
                    throw LeaseholdError.historyUnavailable(
                        after: CommitSequence(UInt64(max(0, after))),
                        oldest: CommitSequence(UInt64(max(0, message.compactRevision - 1))))
                }
                if message.created {
                    let revision = message.header.revision
                    progress.withLock { p in
                        p.established = true
                        // Watching from "now": the next revision is the one after the creation's.
                        if p.next <= 0 { p.next = revision + 1 }
                    }
                    if ready.wait(until: .now) == nil { ready.finish(.success(revision)) }
                }
                if message.canceled {
                    throw EtcdFailure.transient("watch cancelled: \(message.cancelReason)")
                }
                for commit in Self.commits(of: message.events, in: range) {
                    guard sink.deliver(commit) else { throw Stop() }
                    progress.withLock { $0.next = Int64(commit.sequence.rawValue) + 1 }
                }
                // Revisions whose changes all lay outside the exact range still count as seen.
                if let newest = message.events.last?.kv.modRevision {
                    progress.withLock { $0.next = max($0.next, newest + 1) }
                }
            }
        }
    }

    /// The events of one response grouped by revision (etcd never splits a revision across
    /// responses of an unfragmented watch), keeping only keys inside `range`.
    static func commits(of events: [Mvccpb_Event], in range: KeyRange) -> [Commit] {
        var grouped: [(revision: Int64, changes: [Change])] = []
        for event in events {
            let revision = event.kv.modRevision
            let key = [UInt8](event.kv.key)
            guard key.withUnsafeBytes({ range.contains($0) }) else { continue }
            let change = Change(key: OwnedBytes(key), value: event.type == .delete ? nil : OwnedBytes([UInt8](event.kv.value)))
            if grouped.last?.revision == revision {
                grouped[grouped.count - 1].changes.append(change)
            } else {
                grouped.append((revision, [change]))
            }
        }
        return grouped.map { Commit(sequence: CommitSequence(UInt64(max(0, $0.revision))), changes: $0.changes) }
    }

    /// The create request of a watch of `[key, rangeEnd)` from revision `start`.
    static func create(key: [UInt8], rangeEnd: [UInt8], from start: Int64) -> Etcdserverpb_WatchRequest {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(key)
        create.rangeEnd = Data(rangeEnd)
        create.startRevision = start
        var request = Etcdserverpb_WatchRequest()
        request.createRequest = create
        return request
    }

    /// etcd's `[key, range_end)` for `range` (`range_end` `\0`: no upper end), or `nil` when the
    /// range holds no key.
    static func bounds(of range: KeyRange) -> (key: [UInt8], rangeEnd: [UInt8])? {
        var key: [UInt8]
        switch range.lower {
        case .unbounded: key = [0]
        case .inclusive(let b): key = b.isEmpty ? [0] : b
        case .exclusive(let b): key = b + [0]
        }
        let end: [UInt8]
        switch range.upper {
        case .unbounded: end = [0]
        case .exclusive(let b): end = b
        case .inclusive(let b): end = b + [0]
        }
        if key.isEmpty { key = [0] }
        if end != [0] && !key.lexicographicallyPrecedes(end) { return nil }
        return (key, end)
    }
}

/// Thrown inside a stream when the feed takes no more: ends the watch without an error.
private struct Stop: Error {}

/// The watches running on one connection. ``close()`` (the connection's shutdown) stops them all,
/// and no watch starts afterwards.
final class EtcdWatchSet: Sendable {
    private let watches = Locked<[ObjectIdentifier: EtcdWatch]?>([:])

    /// Adds a watch that starts; `false` once closed.
    func insert(_ watch: EtcdWatch) -> Bool {
        watches.withLock { set in
            guard set != nil else { return false }
            set![ObjectIdentifier(watch)] = watch
            return true
        }
    }

    /// Forgets a watch that ended.
    func remove(_ watch: EtcdWatch) {
        _ = watches.withLock { $0?.removeValue(forKey: ObjectIdentifier(watch)) }
    }

    /// How many watches run.
    var count: Int { watches.withLock { $0?.count ?? 0 } }

    /// Stops every watch and waits for each to end; later watches end at once.
    func close() {
        let running = watches.withLock { set in
            defer { set = nil }
            return Array((set ?? [:]).values)
        }
        for watch in running { watch.stop() }
    }
}
#endif
