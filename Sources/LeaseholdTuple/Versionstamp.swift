import LeaseholdCore
/// A FoundationDB versionstamp: 12 bytes that order commits (8-byte commit version, 2-byte batch
/// order, 2-byte user version), tuple code `33`.
///
/// An *incomplete* versionstamp (commit and batch bytes all `ff`) is a placeholder that
/// FoundationDB fills in at commit; here it is just a value that sorts after every complete one.
public struct Versionstamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The database commit version.
    public var commitVersion: UInt64
    /// The order of the transaction within its commit batch.
    public var batchVersion: UInt16
    /// A number the writer chooses, to order several stamps of one transaction.
    public var userVersion: UInt16

    /// A versionstamp from its three parts.
    @inlinable
    public init(commitVersion: UInt64, batchVersion: UInt16, userVersion: UInt16 = 0) {
        self.commitVersion = commitVersion
        self.batchVersion = batchVersion
        self.userVersion = userVersion
    }

    /// The versionstamp whose 12 bytes are `bytes`, or `nil` if there are not exactly 12.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 12 else { return nil }
        var value: UInt64 = 0
        var parts: [UInt64] = []
        for (i, byte) in bytes.enumerated() {
            value = value << 8 | UInt64(byte)
            if i == 7 || i == 9 || i == 11 { parts.append(value); value = 0 }
        }
        self.init(commitVersion: parts[0], batchVersion: UInt16(parts[1]), userVersion: UInt16(parts[2]))
    }

    /// A placeholder for the stamp of the transaction that will write it.
    @inlinable
    public static func incomplete(userVersion: UInt16 = 0) -> Versionstamp {
        Versionstamp(commitVersion: .max, batchVersion: .max, userVersion: userVersion)
    }

    /// Whether this is a real stamp, not the placeholder of ``incomplete(userVersion:)``.
    @inlinable
    public var isComplete: Bool { !(commitVersion == .max && batchVersion == .max) }

    /// The 10-byte transaction version: commit version then batch version, big-endian.
    public var transactionVersion: [UInt8] { Array(bytes.prefix(10)) }

    /// The 12 bytes, big-endian.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(12)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: commitVersion >> UInt64(shift))) }
        out.append(UInt8(batchVersion >> 8)); out.append(UInt8(truncatingIfNeeded: batchVersion))
        out.append(UInt8(userVersion >> 8)); out.append(UInt8(truncatingIfNeeded: userVersion))
        return out
    }

    /// Byte order, the order of the encoding (incomplete stamps last).
    @inlinable
    public static func < (lhs: Versionstamp, rhs: Versionstamp) -> Bool {
        (lhs.commitVersion, lhs.batchVersion, lhs.userVersion) < (rhs.commitVersion, rhs.batchVersion, rhs.userVersion)
    }

    /// The Python literal, as ``TupleLiteral`` writes it.
    public var description: String { TupleLiteral.format(.versionstamp(self)) }
}
