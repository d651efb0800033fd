#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// This process's hold on a file-backed store, recognised by device and inode: one open per
/// store per process (`@_spi(Adapter)`).
///
/// LMDB forbids a second environment on the same files in one process (its locks are
/// per-process: two would corrupt each other), and LevelDB's and RocksDB's in-process lock
/// tables go by path string, so the same store reached by two spellings of its path (`./x`,
/// `/abs/x`, a symlink) would open twice. A claim goes by what the path is, not how it is
/// spelled: a second ``exclusive`` claim, or any claim beside one, throws
/// ``LeaseholdError/locked(_:)`` naming both paths. ``shared`` claims (RocksDB's read-only
/// opens, which take no lock) may stand beside each other.
///
/// The claim ends when it is released or dies.
@_spi(Adapter)
public final class StoreClaim: Sendable {
    /// Whether other opens may stand beside this one.
    public enum Mode: Sendable {
        /// No other open of the store in this process.
        case exclusive
        /// Other shared opens may stand beside it; an exclusive one may not.
        case shared
    }

    private struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private struct Holder {
        var path: String
        var mode: Mode
        var count: Int
    }

    private static let held = Locked([Identity: Holder]())

    private let identity: Identity
    private let released = Locked(false)

    /// Claims the store at `path` (an existing directory or file) for `engine` ("lmdb", say).
    ///
    /// - Throws: ``LeaseholdError/locked(_:)`` if this process already holds it in a mode that
    ///   excludes this one; ``LeaseholdError/notFound(_:)`` if `path` does not exist.
    public init(path: String, engine: String, mode: Mode) throws(LeaseholdError) {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw .notFound("\(path): \(String(cString: strerror(errno)))")
        }
        let identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        try Self.held.withLock { held throws(LeaseholdError) in
            if let holder = held[identity] {
                guard mode == .shared && holder.mode == .shared else {
                    let same = holder.path == path ? "" : " (as '\(holder.path)')"
                    throw .locked("\(engine) store '\(path)' is already open in this process\(same): "
                        + "open it once and share the engine, or close the other first")
                }
                held[identity]!.count += 1
            } else {
                held[identity] = Holder(path: path, mode: mode, count: 1)
            }
        }
        self.identity = identity
    }

    /// Gives the store up (idempotent): another open may claim it now.
    public func release() {
        let first = released.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        Self.held.withLock { held in
            guard let holder = held[identity] else { return }
            if holder.count > 1 { held[identity]!.count -= 1 } else { held[identity] = nil }
        }
    }

    deinit { release() }
}
