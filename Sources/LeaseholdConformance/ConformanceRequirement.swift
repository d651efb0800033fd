import LeaseholdCore

/// What a case needs of the engine's manifest (``Capabilities``) or of the harness, stated
/// declaratively so a case that does not apply can say why.
public enum ConformanceRequirement: Sendable, Hashable, CustomStringConvertible {
    /// ``Capabilities/readYourWrites`` is `true`.
    case readYourWrites
    /// ``Capabilities/snapshots`` is `true`.
    case snapshots
    /// ``Capabilities/persistent`` is `true`.
    case persistent
    /// ``Capabilities/scans`` is one of these.
    case scans([Capabilities.LeaseScope])
    /// ``Capabilities/isolation`` is one of these.
    case isolation([Capabilities.Isolation])
    /// ``Capabilities/maxKeySize`` is set and at most this many bytes (so a test can exceed it).
    case maxKeySize(atMost: Int)
    /// ``Capabilities/maxValueSize`` is set and at most this many bytes.
    case maxValueSize(atMost: Int)
    /// The harness can open the same store again while it is open (a store URL harness can).
    case harnessOpensAgain
    /// The harness can open the same store read-only (a store URL harness can).
    case harnessOpensReadOnly
    /// The harness opens stores at paths a case picks (a store URL harness of an engine whose
    /// stores are directories can).
    case harnessOpensPaths
    /// ``Capabilities/changeFeed`` is not ``ChangeFeedScope/none``.
    case changeFeed

    /// Whether the engine and harness meet the requirement.
    func holds(_ c: Capabilities, _ harness: ConformanceHarness) -> Bool {
        switch self {
        case .readYourWrites: return c.readYourWrites
        case .snapshots: return c.snapshots
        case .persistent: return c.persistent
        case .scans(let scopes): return scopes.contains(c.scans)
        case .isolation(let levels): return levels.contains(c.isolation)
        case .maxKeySize(let bound): return (c.maxKeySize ?? .max) <= bound
        case .maxValueSize(let bound): return (c.maxValueSize ?? .max) <= bound
        case .harnessOpensAgain: return harness.openAgain != nil
        case .harnessOpensReadOnly: return harness.openReadOnly != nil
        case .harnessOpensPaths: return harness.paths != nil
        case .changeFeed: return c.changeFeed != .none
        }
    }

    /// What the manifest (or harness) says instead, for the "does not apply" line.
    func actual(_ c: Capabilities, _ harness: ConformanceHarness) -> String {
        switch self {
        case .readYourWrites: return "readYourWrites is false"
        case .snapshots: return "snapshots is false"
        case .persistent: return "persistent is false"
        case .scans: return "scans is \(c.scans)"
        case .isolation: return "isolation is \(c.isolation)"
        case .maxKeySize: return "maxKeySize is \(c.maxKeySize.map(String.init) ?? "unlimited")"
        case .maxValueSize: return "maxValueSize is \(c.maxValueSize.map(String.init) ?? "unlimited")"
        case .harnessOpensAgain: return "the harness has no openAgain"
        case .harnessOpensReadOnly: return "the harness has no openReadOnly"
        case .harnessOpensPaths: return "the harness opens no stores by path: the engine's stores are not directories"
        case .changeFeed: return "changeFeed is none: the engine has no change feed"
        }
    }

    public var description: String {
        switch self {
        case .readYourWrites: return "readYourWrites"
        case .snapshots: return "snapshots"
        case .persistent: return "persistent"
        case .scans(let scopes): return "scans in [\(scopes.map(\.rawValue).joined(separator: ", "))]"
        case .isolation(let levels): return "isolation in [\(levels.map(\.rawValue).joined(separator: ", "))]"
        case .maxKeySize(let bound): return "maxKeySize <= \(bound)"
        case .maxValueSize(let bound): return "maxValueSize <= \(bound)"
        case .harnessOpensAgain: return "a harness that opens a store again"
        case .harnessOpensReadOnly: return "a harness that opens a store read-only"
        case .harnessOpensPaths: return "a harness that opens stores by path"
        case .changeFeed: return "a change feed"
        }
    }
}
