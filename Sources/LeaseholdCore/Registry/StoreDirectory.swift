#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory of a file-backed store, made the way every adapter makes it (`@_spi(Adapter)`).
///
/// LMDB, LevelDB and RocksDB each create at most the last directory of a path, and report a
/// missing parent as a bare `errno` or a store that is "not found". An adapter calls
/// ``create(_:engine:)`` before it opens a store it may create, so a path under missing
/// directories behaves the same on every engine: like `mkdir -p`.
@_spi(Adapter)
public enum StoreDirectory {
    /// Makes the directory `path` and every missing parent, each with mode `0o755` (less the
    /// process's umask), as `mkdir -p` does; an existing directory is left as it is.
    ///
    /// - Parameters:
    ///   - path: The store's directory, absolute or relative to the working directory.
    ///   - engine: The engine's name for messages: `"LMDB"`.
    /// - Throws: ``LeaseholdError/invalidArgument(_:)`` when `path` is empty;
    ///   ``LeaseholdError/io(_:)`` when a file stands where a directory must be (the path itself,
    ///   or one of its parents) or the file system refuses (no permission, a read-only file
    ///   system, no space). The message names `path` and the directory that failed.
    public static func create(_ path: String, engine: String) throws(LeaseholdError) {
        guard !path.isEmpty else { throw .invalidArgument("an empty path is not a \(engine) store directory") }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            guard mkdir(prefix, 0o755) != 0 else { continue }
            let code = errno
            if isDirectory(prefix) { continue }  // EEXIST, or EACCES on a parent that is there
            throw failure(code, making: prefix, for: path, engine: engine)
        }
    }

    /// Whether `path` names a directory (following symbolic links).
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The error for `mkdir(directory)` failing with `code` while making `path`.
    static func failure(_ code: Int32, making directory: String, for path: String, engine: String) -> LeaseholdError {
        let store = "cannot create the \(engine) store directory '\(path)'"
        let culprit = directory == path ? "" : ": '\(directory)'"
        switch code {
        case EEXIST, ENOTDIR:
            return .io("\(store)\(culprit.isEmpty ? ": it" : culprit) is a file, not a directory")
        default:
            return .io("\(store)\(culprit): \(String(cString: strerror(code)))")
        }
    }
}
