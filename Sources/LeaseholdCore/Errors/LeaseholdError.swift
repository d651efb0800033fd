/// Every error Leasehold throws. The cases are stable: match them in `catch` clauses.
public enum LeaseholdError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A key that is not acceptable (empty, for example); the string says why.
    case invalidKey(String)
    /// A key longer than the engine accepts.
    case keyTooLarge(size: Int, limit: Int)
    /// A value longer than the engine accepts.
    case valueTooLarge(size: Int, limit: Int)
    /// The engine was closed.
    case storeClosed
    /// A transaction, cursor or iterator was used after its closure returned or it was closed.
    case transactionEnded
    /// A write to a store opened read-only.
    case readOnly
    /// The transaction conflicted with another one and was not applied.
    case conflict
    /// The store cannot be closed or changed now; the string says what is still open.
    case busy(String)
    /// A `write` called inside a write transaction of the same store on the same thread: it
    /// would wait for itself forever. Nothing of the inner write ran; the outer one goes on.
    /// Do the work in the outer transaction instead.
    case nestedWrite
    /// The store is full (an LMDB map at its ceiling); nothing of the transaction was applied.
    case storeFull(limit: Int)
    /// The engine has no free reader slots.
    case readersFull
    /// The store's files are damaged or of an incompatible version; the string says which.
    case corrupted(String)
    /// The store (or a file it needs) does not exist and was not to be created; the string says
    /// which.
    case notFound(String)
    /// The store exists and was to be created fresh (an error-if-exists open); the string says
    /// which.
    case alreadyExists(String)
    /// Another process (or another open in this one) holds the store's lock; the string names the
    /// lock.
    case locked(String)
    /// The file system failed a read or a write (disk full, a file too large, permissions); the
    /// string is the engine's message. What was committed before is intact.
    case io(String)
    /// A remote store could not be reached in time (too few members up, a timeout); nothing of
    /// the failed call was applied.
    case unavailable(String)
    /// A remote commit was sent but its answer was lost (the connection or the cluster's leader
    /// went away): it was applied entirely or not at all. Read the data to find out; the
    /// string says what failed.
    case commitUnknown(String)
    /// A store URL whose scheme nobody registered, with the schemes that are.
    case unknownEngine(scheme: String, registered: [String])
    /// A store URL option that the engine does not take, or a value it cannot use; the string
    /// says what it accepts.
    case invalidOption(scheme: String, option: String, problem: String)
    /// A configuration or argument that makes no sense; the string says which.
    case invalidArgument(String)
    /// Bytes that are not a valid tuple encoding, with the offset of the bad element (or byte, for
    /// an escape or an unknown type code).
    case malformedTuple(offset: Int, reason: TupleMalformation)
    /// The engine cannot do this (a change feed on an engine without one); the string says what.
    case unsupported(String)
    /// A change feed's consumer fell more than ``ChangeFeedLimits/bufferedCommits`` commits
    /// behind: the feed ended after the last commit it handed out, named here (`nil`: none).
    /// Open a feed `after:` it to go on, while the store's history still holds it.
    case feedFellBehind(lastReceived: CommitSequence?)
    /// A change feed was asked to resume after a commit the store no longer remembers (or never
    /// saw: a commit made while no feed was open, or before the store was opened); `oldest` is
    /// the earliest resume point it can serve now. Read the data afresh and open a feed without
    /// `after:`.
    case historyUnavailable(after: CommitSequence, oldest: CommitSequence)
    /// Any other failure of the engine, with its own code and message.
    case engineFailure(engine: String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .invalidKey(let why): return "invalid key: \(why)"
        case .keyTooLarge(let size, let limit): return "key of \(size) bytes exceeds the limit of \(limit)"
        case .valueTooLarge(let size, let limit): return "value of \(size) bytes exceeds the limit of \(limit)"
        case .storeClosed: return "the store is closed"
        case .transactionEnded: return "the transaction has ended"
        case .readOnly: return "the store is read-only"
        case .conflict: return "transaction conflict"
        case .busy(let what): return "busy: \(what)"
        case .nestedWrite: return "a write transaction of this store is already open on this thread"
        case .storeFull(let limit): return "the store is full (limit \(limit) bytes)"
        case .readersFull: return "no free reader slots"
        case .corrupted(let what): return "corrupted or incompatible store: \(what)"
        case .notFound(let what): return "not found: \(what)"
        case .alreadyExists(let what): return "already exists: \(what)"
        case .locked(let what): return "locked: \(what)"
        case .io(let what): return "I/O error: \(what)"
        case .unavailable(let what): return "unavailable: \(what)"
        case .commitUnknown(let what): return "commit outcome unknown: \(what)"
        case .unknownEngine(let scheme, let registered):
            return "no engine registered for '\(scheme):' (registered: \(registered.map { $0 + ":" }.joined(separator: ", ")))"
        case .invalidOption(let scheme, let option, let problem): return "\(scheme): option '\(option)': \(problem)"
        case .invalidArgument(let what): return "invalid argument: \(what)"
        case .malformedTuple(let offset, let reason): return "malformed tuple at byte \(offset): \(reason)"
        case .unsupported(let what): return "unsupported: \(what)"
        case .feedFellBehind(let last): return "change feed consumer fell behind after commit \(last.map { "\($0)" } ?? "(none)")"
        case .historyUnavailable(let after, let oldest):
            return "change history after commit \(after) is not available (the oldest resume point is \(oldest))"
        case .engineFailure(let engine, let code, let message): return "\(engine) error \(code): \(message)"
        }
    }
}
