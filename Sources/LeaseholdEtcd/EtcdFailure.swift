#if Etcd
import GRPCCore
import LeaseholdCore

/// What a failed etcd call means for the engine: the one place that reads gRPC status codes and
/// etcd's error messages (`etcdserver: …`, from etcd's `rpctypes`).
enum EtcdFailure: Error {
    /// Nothing happened and trying again (perhaps on another member) may work: a member without
    /// a leader refused the request, or no connection could be made.
    case transient(String)
    /// The request may or may not have been applied: the connection or the leader was lost
    /// after it was sent, or no answer came in time. Reads retry; a commit must not.
    case ambiguous(String)
    /// The revision a read transaction reads at has been compacted away.
    case compacted(String)
    /// The member has not applied the revision yet (a serializable read on a lagging member).
    case futureRevision(String)
    /// A definite failure that retrying cannot fix.
    case permanent(LeaseholdError)

    /// Classifies an error thrown by a gRPC call.
    init(_ error: any Error, quota: Int) {
        if let failure = error as? EtcdFailure {
            self = failure
            return
        }
        if let leasehold = error as? LeaseholdError {
            self = .permanent(leasehold)
            return
        }
        if error is MalformedResponse {
            self = .permanent(.engineFailure(engine: "etcd", code: -1, message: "\(error)"))
            return
        }
        guard let rpc = error as? RPCError else {
            self = .ambiguous("\(error)")
            return
        }
        let message = rpc.message
        switch rpc.code {
        case .unavailable:
            if message.hasPrefix("etcdserver: no leader") || message.hasPrefix("etcdserver: not capable")
                || message.hasPrefix("etcdserver: too many requests") {
                self = .transient(message)
            } else if !message.hasPrefix("etcdserver:") && Self.neverSent(rpc) {
                self = .transient(message)
            } else {
                self = .ambiguous("\(message)")
            }
        case .deadlineExceeded, .cancelled, .unknown, .internalError, .aborted:
            self = .ambiguous("\(rpc.code): \(message)")
        case .outOfRange where message.contains("compacted"):
            self = .compacted(message)
        case .outOfRange where message.contains("future revision"):
            self = .futureRevision(message)
        case .resourceExhausted where message.contains("database space exceeded"):
            self = .permanent(.storeFull(limit: quota))
        case .resourceExhausted where message.contains("too many requests"):
            self = .transient(message)
        case .invalidArgument:
            self = .permanent(.invalidArgument("etcd refused the request: \(message)"))
        default:
            self = .permanent(.engineFailure(engine: "etcd", code: Int32(rpc.code.rawValue), message: message))
        }
    }

    /// Whether a transport error says the request never reached a member (no connection could
    /// be made), so nothing of it can have been applied.
    private static func neverSent(_ error: RPCError) -> Bool {
        let message = error.message.lowercased()
        return message.contains("connection refused") || message.contains("could not establish")
            || message.contains("no connection") || message.contains("isn't ready")
    }
}
#endif
