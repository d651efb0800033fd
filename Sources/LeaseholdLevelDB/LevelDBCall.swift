import CLevelDB
import LeaseholdCore

/// The one place LevelDB's errors become typed errors.
///
/// LevelDB's C API reports a failure as a `malloc`'d message in `char** errptr`, the text of a
/// `leveldb::Status`: `"<Kind>: <detail>"` with the kinds `NotFound`, `Corruption`,
/// `Not implemented`, `Invalid argument` and `IO error`. ``error(_:)`` reads the kind (and, where
/// one kind covers several cases, the detail LevelDB writes for each).
@usableFromInline
enum LevelDBCall {
    /// The C type of `errptr`.
    @usableFromInline typealias ErrorPointer = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>

    /// Calls `body` with a fresh `errptr`; returns its result, or throws the mapped error if
    /// LevelDB set one.
    @inlinable @inline(__always)
    static func check<R>(_ body: (ErrorPointer) -> R) throws(LeaseholdError) -> R {
        var message: UnsafeMutablePointer<CChar>? = nil
        let result = body(&message)
        if let message { throw failure(message) }
        return result
    }

    /// Frees LevelDB's message and returns its mapped error.
    @usableFromInline
    static func failure(_ message: UnsafeMutablePointer<CChar>) -> LeaseholdError {
        let text = String(cString: message)
        leveldb_free(message)
        return error(text)
    }

    /// The typed error for one of LevelDB's status messages.
    ///
    /// - `IO error: lock <dir>/LOCK: …` (another process, or another open store in this one,
    ///   holds the directory) → ``LeaseholdError/locked(_:)`` naming the lock file;
    /// - `Corruption: …` → ``LeaseholdError/corrupted(_:)``;
    /// - `NotFound: …`, and `Invalid argument: <dir>: does not exist (create_if_missing is
    ///   false)` → ``LeaseholdError/notFound(_:)``;
    /// - `Invalid argument: <dir>: exists (error_if_exists is true)` →
    ///   ``LeaseholdError/alreadyExists(_:)``;
    /// - any other `Invalid argument: …` (a comparator that does not match the store's, say) →
    ///   ``LeaseholdError/invalidArgument(_:)``;
    /// - any other `IO error: …` (a full disk, a missing directory, permissions) →
    ///   ``LeaseholdError/io(_:)``;
    /// - anything else (`Not implemented: …`) → ``LeaseholdError/engineFailure(engine:code:message:)``
    ///   with LevelDB's `Status::Code` (`3` for not implemented, `0` when unrecognised).
    static func error(_ message: String) -> LeaseholdError {
        if let detail = message.removingPrefix("IO error: ") {
            if let lock = detail.removingPrefix("lock ") {
                // "lock <dir>/LOCK: Resource temporarily unavailable" (another process) or
                // "lock <dir>/LOCK: already held by process" (this one).
                let file = lock.split(separator: ":", maxSplits: 1).first.map(String.init) ?? lock
                return .locked("\(file) is held by another open store (\(message))")
            }
            return .io(detail)
        }
        if let detail = message.removingPrefix("Corruption: ") { return .corrupted(detail) }
        if let detail = message.removingPrefix("NotFound: ") { return .notFound(detail) }
        if let detail = message.removingPrefix("Invalid argument: ") {
            if detail.hasSuffix("does not exist (create_if_missing is false)") { return .notFound(detail) }
            if detail.hasSuffix("exists (error_if_exists is true)") { return .alreadyExists(detail) }
            return .invalidArgument(detail)
        }
        if message.hasPrefix("Not implemented: ") {
            return .engineFailure(engine: "leveldb", code: 3, message: message)
        }
        return .engineFailure(engine: "leveldb", code: 0, message: message)
    }
}

extension String {
    /// The rest of the string after `prefix`, or `nil` if it does not start with it.
    fileprivate func removingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

extension UnsafeRawBufferPointer {
    /// The start as LevelDB's `const char*` (never `NULL`: LevelDB asks for non-null pointers
    /// even for empty buffers).
    @inlinable @inline(__always)
    var cChars: UnsafePointer<CChar> {
        (baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
    }
}
