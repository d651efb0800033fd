import CLMDB
import LeaseholdCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What an LMDB call was doing, so one mapping can turn its return code into the right
/// ``LeaseholdError``.
@usableFromInline
enum LMDBOperation {
    /// Opening or configuring the environment.
    case open
    /// Beginning a read transaction, or reading inside any transaction.
    case read
    /// Beginning a write transaction, updating, or committing.
    case write
    /// An update of a key of `keySize` bytes where keys may have at most `keyLimit` (so
    /// `MDB_BAD_VALSIZE` can say what was wrong).
    case update(keySize: Int, keyLimit: Int)
}

/// The one place LMDB return codes become typed errors.
@usableFromInline
enum LMDBCall {
    /// Returns normally for `MDB_SUCCESS`, throws the mapped error otherwise.
    @inlinable @inline(__always)
    static func check(_ code: Int32, _ operation: LMDBOperation) throws(LeaseholdError) {
        if code != MDB_SUCCESS { throw error(code, operation) }
    }

    /// `true` for `MDB_SUCCESS`, `false` for `MDB_NOTFOUND`; throws the mapped error otherwise.
    @inlinable @inline(__always)
    static func found(_ code: Int32, _ operation: LMDBOperation) throws(LeaseholdError) -> Bool {
        if code == MDB_SUCCESS { return true }
        if code == MDB_NOTFOUND { return false }
        throw error(code, operation)
    }

    /// The typed error for an LMDB return code.
    @usableFromInline
    static func error(_ code: Int32, _ operation: LMDBOperation) -> LeaseholdError {
        switch code {
        case MDB_BAD_VALSIZE:
            if case .update(let size, let limit) = operation {
                if size == 0 { return .invalidKey("empty key") }
                if size > limit { return .keyTooLarge(size: size, limit: limit) }
            }
            return .invalidKey("LMDB rejected the key or value size (MDB_BAD_VALSIZE)")
        case MDB_READERS_FULL:
            return .readersFull
        case MDB_MAP_FULL:
            // The write loop grows the map and retries before this reaches anyone; the limit
            // it reports is the configured ceiling.
            return .storeFull(limit: 0)
        case MDB_CORRUPTED, MDB_PAGE_NOTFOUND:
            return .corrupted(message(code))
        case MDB_VERSION_MISMATCH, MDB_INVALID, MDB_INCOMPATIBLE:
            return .corrupted(message(code))
        case EIO, ENOSPC, EFBIG, EDQUOT:
            // The file system failed a write (disk full, file-size limit, quota, device): the
            // transaction was not committed; earlier commits are intact.
            return .io(message(code))
        case EACCES:
            switch operation {
            case .write, .update: return .readOnly
            case .open, .read: return engineFailure(code)
            }
        default:
            return engineFailure(code)
        }
    }

    static func engineFailure(_ code: Int32) -> LeaseholdError {
        .engineFailure(engine: "lmdb", code: code, message: message(code))
    }

    /// The error for `mdb_env_open` of the store at `path` failing with `code`: the file-system
    /// errors name the path; LMDB's own go through ``error(_:_:)``.
    static func openFailure(_ code: Int32, path: String) -> LeaseholdError {
        switch code {
        case ENOENT: return .notFound("no LMDB store in '\(path)' (\(message(code)))")
        case ENOTDIR: return .io("cannot open the LMDB store in '\(path)': it is a file, not a directory")
        case EACCES, EPERM, EROFS: return .io("cannot open the LMDB store in '\(path)': \(message(code))")
        default:
            let error = error(code, .open)
            guard case .engineFailure(let engine, let code, let text) = error else { return error }
            return .engineFailure(engine: engine, code: code, message: "\(path): \(text)")
        }
    }

    /// `mdb_strerror`'s text for `code` (it also covers `errno` values).
    static func message(_ code: Int32) -> String {
        guard let text = mdb_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}

extension MDB_val {
    /// An `MDB_val` over `buffer`, for passing keys and values in (LMDB does not write to it).
    @inlinable @inline(__always)
    init(_ buffer: UnsafeRawBufferPointer) {
        self.init(mv_size: buffer.count, mv_data: UnsafeMutableRawPointer(mutating: buffer.baseAddress))
    }

    /// The bytes LMDB pointed this value at.
    @inlinable @inline(__always)
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: mv_data, count: mv_size) }
}
