#if Etcd
import GRPCCore
import GRPCProtobuf
@_spi(Adapter) import LeaseholdCore
import LeaseholdEtcdProtocol

extension EtcdEngine {
    /// One member's view of the cluster (etcd's Maintenance `Status`).
    public struct MemberStatus: Sendable, Hashable {
        /// The ID of the member that answered.
        public var memberID: UInt64
        /// The ID of the member it believes is the leader (0: it knows of none).
        public var leaderID: UInt64
        /// The newest revision of the store that the member has applied.
        public var revision: Int64
        /// The Raft term.
        public var raftTerm: UInt64
        /// The etcd version of the member.
        public var version: String
        /// The size of the member's database file, in bytes.
        public var databaseSize: Int64
        /// Alarms and other problems the member reports.
        public var errors: [String]
    }

    /// The status of whichever member answers first (any of ``Options/endpoints``), retried
    /// until ``Options/timeout``. Throws ``LeaseholdError/unavailable(_:)`` if none answers.
    public func status() throws -> MemberStatus {
        let response = try gate.withOpenStore { store in
            let options = store.callOptions
            return try store.call("status") { client in
                try await Etcdserverpb_Maintenance.Client(wrapping: client).status(Etcdserverpb_StatusRequest(), options: options)
            }
        }
        return MemberStatus(
            memberID: response.header.memberID, leaderID: response.leader, revision: response.header.revision,
            raftTerm: response.raftTerm, version: response.version, databaseSize: response.dbSize, errors: response.errors)
    }
}
#endif
