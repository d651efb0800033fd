#if Etcd
import Foundation
import GRPCCore
import GRPCProtobuf
import LeaseholdCore
import LeaseholdEtcdProtocol
import SwiftProtobuf

/// Builds the one etcd `Txn` that commits a write transaction: the batch the core's overlay is
/// applied to (``WriteOverlay/apply(to:)``), then compares that check the reads against the
/// snapshot revision, then every write.
///
/// etcd forbids touching a key twice in one `Txn`, including a put inside a range deleted by the
/// same `Txn`, so range deletes are cut around the keys that are put. Limits are checked here,
/// before anything is sent: at most ``EtcdEngine/Options/maxTxnOps`` compares and as many
/// writes, and at most ``EtcdEngine/Options/maxRequestBytes`` in all.
struct EtcdCommit: OverlayBatch {
    private var rangeDeletes: [KeyInterval] = []
    private var puts: [(key: [UInt8], value: Data)] = []
    private var deletes: [[UInt8]] = []

    var isEmpty: Bool { rangeDeletes.isEmpty && puts.isEmpty && deletes.isEmpty }

    /// Deletes every key of `range`.
    mutating func deleteRange(_ range: KeyRange) {
        if let interval = Self.interval(range) { rangeDeletes.append(interval) }
    }

    /// Stores `value` under `key`.
    mutating func put(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) {
        puts.append((Array(key), Data(value)))
    }

    /// Deletes `key`.
    mutating func delete(key: UnsafeRawBufferPointer) {
        deletes.append(Array(key))
    }

    /// The keys of `range` etcd can store, or `nil` when there are none.
    static func interval(_ range: KeyRange) -> KeyInterval? {
        guard case .unbounded = range.upper else {
            // The kit's mapping, from etcd's smallest key at the least.
            guard let (begin, end) = range.halfOpen(top: { nil }) else { return nil }
            let interval = KeyInterval(begin.isEmpty ? KeyInterval.lowest : begin, end)
            return interval.isEmpty ? nil : interval
        }
        // etcd closes an open top itself (a range end of 00), so it needs no highest key, unlike
        // the kit's `halfOpen(top:)`.
        switch range.lower {
        case .unbounded: return KeyInterval(KeyInterval.lowest, nil)
        case .inclusive(let b): return KeyInterval(b.isEmpty ? KeyInterval.lowest : b, nil)
        case .exclusive(let b): return KeyInterval(b + [0], nil)
        }
    }

    /// A commit ready to send.
    struct Request {
        /// The serialized `TxnRequest`.
        var bytes: [UInt8]
        /// The puts, in the order of the failure branch's range reads.
        var puts: [(key: [UInt8], value: Data)]
        /// The snapshot revision the compares check against.
        var revision: Int64
        /// Whether sending it twice cannot apply it twice: its compares include every key it
        /// puts ("not modified since the snapshot"), so once applied it can only fail, and its
        /// failure branch reads the puts back to tell "applied by the earlier attempt" apart.
        var resendable: Bool { revision > 0 && !puts.isEmpty }
    }

    /// The `Txn`: the compares of `reads` (and of the keys put, when there is a snapshot) at
    /// `revision`, then the writes; if a compare fails, reads of the keys put.
    func request(reads: EtcdReadSet?, revision: Int64, options: EtcdEngine.Options) throws -> Request {
        var txn = Etcdserverpb_TxnRequest()
        txn.compare = try compares(reads, revision: revision, limit: options.maxTxnOps)
        txn.success = operations()
        if revision > 0 { txn.failure = puts.map { put in .with { $0.requestRange.key = Data(put.key) } } }
        if txn.success.count > options.maxTxnOps {
            throw LeaseholdError.invalidArgument(
                "the write transaction needs \(txn.success.count) etcd operations; the cluster allows \(options.maxTxnOps) (--max-txn-ops)")
        }
        let bytes: [UInt8] = try txn.serializedBytes()
        // etcd wraps the request in a small raft envelope before it checks the size.
        if bytes.count + 64 > options.maxRequestBytes {
            throw LeaseholdError.invalidArgument(
                "the write transaction is \(bytes.count) bytes; the cluster accepts \(options.maxRequestBytes) (--max-request-bytes)")
        }
        return Request(bytes: bytes, puts: puts, revision: revision)
    }

    /// Exact checks of the keys read by point reads, and "nothing modified after the snapshot"
    /// checks of the scanned intervals and of the keys put (merged into one covering interval
    /// if there are too many).
    private func compares(_ reads: EtcdReadSet?, revision: Int64, limit: Int) throws -> [Etcdserverpb_Compare] {
        guard revision > 0, let reads else { return [] }
        var compares = reads.points.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { key, modRevision in
            Etcdserverpb_Compare.with {
                $0.key = Data(key)
                $0.target = .mod
                $0.result = .equal
                $0.modRevision = modRevision
            }
        }
        var intervals = reads.mergedIntervals(adding: puts.compactMap { reads.points[$0.key] == nil ? $0.key : nil })
        if compares.count + intervals.count > limit && intervals.count > 1 {
            intervals = [KeyInterval(intervals[0].lower, intervals.map(\.upper).reduce(intervals[0].upper, KeyInterval.higher))]
        }
        compares += intervals.map { interval in
            Etcdserverpb_Compare.with {
                $0.key = Data(interval.lower)
                $0.rangeEnd = interval.rangeEnd
                $0.target = .mod
                $0.result = .less
                $0.modRevision = revision + 1
            }
        }
        if compares.count > limit {
            throw LeaseholdError.invalidArgument(
                "the write transaction read \(reads.points.count) keys by point reads; an etcd commit checks at most \(limit) (--max-txn-ops)")
        }
        return compares
    }

    /// Range deletes (cut around the keys that are put), point deletes outside them, puts.
    private func operations() -> [Etcdserverpb_RequestOp] {
        var ops: [Etcdserverpb_RequestOp] = []
        let putKeys = puts.map(\.key).sorted { $0.lexicographicallyPrecedes($1) }
        for range in rangeDeletes {
            var rest = range
            for key in putKeys where rest.contains(key) {
                let before = KeyInterval(rest.lower, key)
                if !before.isEmpty { ops.append(Self.delete(before)) }
                rest.lower = key + [0]
            }
            if !rest.isEmpty { ops.append(Self.delete(rest)) }
        }
        for key in deletes where !rangeDeletes.contains(where: { $0.contains(key) }) {
            ops.append(.with { $0.requestDeleteRange.key = Data(key) })
        }
        for (key, value) in puts {
            ops.append(.with {
                $0.requestPut.key = Data(key)
                $0.requestPut.value = value
            })
        }
        return ops
    }

    private static func delete(_ interval: KeyInterval) -> Etcdserverpb_RequestOp {
        .with {
            $0.requestDeleteRange.key = Data(interval.lower)
            $0.requestDeleteRange.rangeEnd = interval.rangeEnd
        }
    }
}

/// Sends bytes already serialized (a commit is serialized once, to check its size).
struct SerializedMessage: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

extension EtcdStore {
    /// Sends a commit. Returns whether it was applied (`false`: a compare failed, a conflict).
    ///
    /// A commit whose outcome an attempt left unknown is sent again when that is safe
    /// (``EtcdCommit/Request/resendable``): if the earlier attempt was applied, the new one
    /// fails its compares and its failure branch shows every key put holding this commit's
    /// value at one revision after the snapshot — the commit's own. Otherwise, or when the
    /// timeout runs out after such an attempt, it throws ``LeaseholdError/commitUnknown(_:)``.
    /// (Only another commit putting exactly the same values under exactly the same keys, in one
    /// transaction, could be mistaken for this one.)
    func send(commit request: EtcdCommit.Request) throws -> Bool {
        let options = callOptions
        let bytes = request.bytes
        var ambiguous = false
        let response: Etcdserverpb_TxnResponse
        do {
            response = try call("commit", resendAmbiguous: request.resendable, ambiguous: &ambiguous) { client in
                try await client.unary(
                    request: ClientRequest(message: bytes, metadata: ["hasleader": "true"]),
                    descriptor: Etcdserverpb_KV.Method.Txn.descriptor,
                    serializer: SerializedMessage(),
                    deserializer: ProtobufDeserializer<Etcdserverpb_TxnResponse>(),
                    options: options
                ) { try $0.message }
            }
        } catch LeaseholdError.unavailable(let why) where ambiguous {
            throw LeaseholdError.commitUnknown(why)
        }
        noteRevision(response.header.revision)
        if ambiguous { resent.add(1, ordering: .relaxed) }
        if response.succeeded { return true }
        return ambiguous && Self.showsApplied(response, request)
    }

    /// Whether a failed commit's reads show the puts of `request` applied together after its
    /// snapshot: every key holds the value put, all at one modification revision.
    private static func showsApplied(_ response: Etcdserverpb_TxnResponse, _ request: EtcdCommit.Request) -> Bool {
        guard response.responses.count == request.puts.count else { return false }
        var revision: Int64?
        for (reply, put) in zip(response.responses, request.puts) {
            guard let kv = reply.responseRange.kvs.first, kv.value == put.value, kv.modRevision > request.revision else {
                return false
            }
            if revision == nil { revision = kv.modRevision }
            if kv.modRevision != revision { return false }
        }
        return true
    }
}
#endif
