import CRocksDB
import LeaseholdCore

/// What a RocksDB call was doing, so one mapping can turn its error into the right
/// ``LeaseholdError``.
@usableFromInline
enum RocksDBOperation: Sendable {
    /// Opening the store in the directory `path`.
    case open(path: String)
    /// Reading: a get, an iterator, a property.
    case read
    /// Writing a batch.
    case write
    /// Compacting, flushing, measuring.
    case maintenance
}

/// The one place RocksDB errors become typed errors.
///
/// RocksDB reports failures through an `errptr`: a malloc'd string that starts with the status
/// code's name (`"IO error: …"`, `"Corruption: …"`, `"Invalid argument: …"`). The C API gives
/// no numeric code, so the mapping reads that prefix, and the message for the cases a user must
/// tell apart (a held lock, a missing store, a store that must not exist).
@usableFromInline
enum RocksDBCall {
    /// Calls `body` with an `errptr`; throws the mapped error if RocksDB set it (and frees it).
    @inlinable @inline(__always)
    static func check<T>(_ operation: @autoclosure () -> RocksDBOperation,
                         _ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) throws(LeaseholdError) -> T {
        var message: UnsafeMutablePointer<CChar>? = nil
        let result = body(&message)
        if let message { throw failure(message, operation()) }
        return result
    }

    /// The mapped error for an `errptr` string, which is freed.
    @usableFromInline
    static func failure(_ message: UnsafeMutablePointer<CChar>, _ operation: RocksDBOperation) -> LeaseholdError {
        let text = String(cString: message)
        rocksdb_free(message)
        return error(text, operation)
    }

    /// RocksDB's status names, as `Status::ToString` writes them, with the numeric code of
    /// `Status::Code` (kept in ``LeaseholdError/engineFailure(engine:code:message:)``).
    static let statusNames: [(prefix: String, code: Int32)] = [
        ("NotFound", 1), ("Corruption", 2), ("Not implemented", 3), ("Invalid argument", 4), ("IO error", 5),
        ("Merge in progress", 6), ("Result incomplete", 7), ("Shutdown in progress", 8),
        ("Operation timed out", 9), ("Operation aborted", 10), ("Resource busy", 11), ("Operation expired", 12),
        ("Operation failed. Try again.", 13), ("Compaction too large", 14), ("Column family dropped", 15),
    ]

    /// The typed error for a RocksDB status string.
    static func error(_ message: String, _ operation: RocksDBOperation) -> LeaseholdError {
        let status = statusNames.first { message.hasPrefix($0.prefix) }
        let detail = status.map { String(message.dropFirst($0.prefix.count).drop { $0 == ":" || $0 == " " }) } ?? message
        if case .open(let path) = operation, let failure = openFailure(detail, path: path) { return failure }
        switch status?.code {
        case 5:  // IO error
            if let lock = lockFile(in: detail) {
                return .locked("\(lock) is held by another open of this store, in this process or another (\(detail))")
            }
            return .io(detail)
        case 2:
            return .corrupted(detail)
        case 4:  // Invalid argument
            return .invalidArgument(detail)
        case 1:
            return .notFound(detail)
        case 3 where detail.lowercased().contains("read only"):
            return .readOnly
        case 11:
            return .busy(detail)
        default:
            return .engineFailure(engine: "rocksdb", code: status?.code ?? -1, message: message)
        }
    }

    /// What a failed open says about the store at `path`, by the phrase of RocksDB's message.
    static func openFailure(_ detail: String, path: String) -> LeaseholdError? {
        if detail.contains("No such file or directory") { return .notFound("no RocksDB store at \(path) (\(detail))") }
        if detail.contains("create_if_missing is false") { return .notFound("no RocksDB store at \(path), and createIfMissing is off") }
        if detail.contains("error_if_exists is true") { return .alreadyExists("a RocksDB store exists at \(path), and errorIfExists is on") }
        return nil
    }

    /// The path of the `LOCK` file a failed lock names, if the message is about one.
    static func lockFile(in detail: String) -> String? {
        // "While lock file: /dir/LOCK: Resource temporarily unavailable" (another process) or
        // "lock hold by current process, …: /dir/LOCK: No locks available" (this one).
        guard let end = detail.firstRange(of: "/LOCK:") else { return nil }
        let before = detail[..<end.lowerBound]
        let start = before.ranges(of: ": ").last?.upperBound ?? before.startIndex
        return String(detail[start ..< end.lowerBound]) + "/LOCK"
    }
}

extension UnsafeRawBufferPointer {
    /// The bytes as the `const char*` RocksDB takes (a valid pointer even when empty).
    @inlinable @inline(__always)
    var cString: UnsafePointer<CChar> {
        UnsafeRawPointer(baseAddress ?? UnsafeRawPointer(bitPattern: 1)!).assumingMemoryBound(to: CChar.self)
    }
}
