#if Etcd
import Foundation
import GRPCCore
import GRPCProtobuf
import Leasehold
import LeaseholdEtcdProtocol
import SwiftProtobuf
import Synchronization

/// Builds the one etcd `Txn` that commits a write transaction: compares that check the reads
/// against the snapshot revision, then every write.
///
/// etcd forbids touching a key twice in one `Txn`, including a put inside a range deleted by the
/// same `Txn`, so range deletes are cut around the keys that are put. Limits are checked here,
/// before anything is sent: at most ``EtcdEngine/Options/maxTxnOps`` compares and as many
/// writes, and at most ``EtcdEngine/Options/maxRequestBytes`` in all.
struct EtcdCommit {
    private var rangeDeletes: [(lower: [UInt8], upper: [UInt8])] = []
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

    /// The etcd interval `[key, range_end)` of `range` (an empty end: to the end of the
    /// keyspace), or `nil` when the range holds no key etcd can store.
    static func interval(_ range: KeyRange) -> (lower: [UInt8], upper: [UInt8])? {
        let lower: [UInt8]
        switch range.lower {
        case .unbounded: lower = [0]
        case .inclusive(let b): lower = b.isEmpty ? [0] : b
        case .exclusive(let b): lower = b + [0]
        }
        let upper: [UInt8]
        switch range.upper {
        case .unbounded: upper = []
        case .exclusive(let b): upper = b
        case .inclusive(let b): upper = b + [0]
        }
        if !upper.isEmpty && compareKeys(lower, upper) >= 0 { return nil }
        return (lower, upper)
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
        if revision > 0 {
            txn.failure = puts.map { put in
                var op = Etcdserverpb_RequestOp()
                op.requestRange.key = Data(put.key)
                return op
            }
        }
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
        var compares: [Etcdserverpb_Compare] = reads.points.sorted { compareKeys($0.key, $1.key) < 0 }.map { key, modRevision in
            var c = Etcdserverpb_Compare()
            c.key = Data(key)
            c.target = .mod
            c.result = .equal
            c.modRevision = modRevision
            return c
        }
        var intervals = reads.mergedIntervals(adding: puts.compactMap { reads.points[$0.key] == nil ? $0.key : nil })
        if compares.count + intervals.count > limit && intervals.count > 1 {
            let upper = intervals.contains { $0.upper.isEmpty } ? [] : intervals.map(\.upper).max { compareKeys($0, $1) < 0 }!
            intervals = [(intervals[0].lower, upper)]
        }
        for interval in intervals {
            var c = Etcdserverpb_Compare()
            c.key = Data(interval.lower)
            c.rangeEnd = Data(interval.upper.isEmpty ? [0] : interval.upper)
            c.target = .mod
            c.result = .less
            c.modRevision = revision + 1
            compares.append(c)
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
        let putKeys = puts.map(\.key).sorted { compareKeys($0, $1) < 0 }
        for (lower, upper) in rangeDeletes {
            var start = lower
            for key in putKeys where compareKeys(key, start) >= 0 && (upper.isEmpty || compareKeys(key, upper) < 0) {
                if compareKeys(start, key) < 0 { ops.append(Self.deleteOp(start, key)) }
                start = key + [0]
            }
            if upper.isEmpty || compareKeys(start, upper) < 0 { ops.append(Self.deleteOp(start, upper.isEmpty ? [0] : upper)) }
        }
        for key in deletes where !rangeDeletes.contains(where: { Self.contains($0, key) }) {
            var op = Etcdserverpb_RequestOp()
            op.requestDeleteRange.key = Data(key)
            ops.append(op)
        }
        for (key, value) in puts {
            var op = Etcdserverpb_RequestOp()
            op.requestPut.key = Data(key)
            op.requestPut.value = value
            ops.append(op)
        }
        return ops
    }

    private static func deleteOp(_ lower: [UInt8], _ upper: [UInt8]) -> Etcdserverpb_RequestOp {
        var op = Etcdserverpb_RequestOp()
        op.requestDeleteRange.key = Data(lower)
        op.requestDeleteRange.rangeEnd = Data(upper)
        return op
    }

    private static func contains(_ interval: (lower: [UInt8], upper: [UInt8]), _ key: [UInt8]) -> Bool {
        compareKeys(key, interval.lower) >= 0 && (interval.upper.isEmpty || compareKeys(key, interval.upper) < 0)
    }
}

/// Sends bytes already serialized (a commit is serialized once, to check its size).
struct SerializedMessage: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
}

extension EtcdEngine {
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
