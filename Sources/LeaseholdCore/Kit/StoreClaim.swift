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
/// spelled. ``Mode/exclusive`` (LMDB, LevelDB) stands alone; ``Mode/writer`` and ``Mode/reader``
/// (RocksDB, whose read-only opens take no lock) allow one writer and any number of readers
/// beside it. A claim the ones held exclude throws ``LeaseholdError/locked(_:)`` naming the
/// store (and the other spelling of its path).
///
/// The claim ends when it is released or dies.
@_spi(Adapter)
public final class StoreClaim: Sendable {
    /// Whether other opens may stand beside this one.
    public enum Mode: Sendable {
        /// No other open of the store in this process.
        case exclusive
        /// The one writing open; readers may stand beside it.
        case writer
        /// A read-only open beside at most one writer and any readers.
        case reader
    }

    private struct Identity: Hashable {
        let device: UInt64
        let inode: UInt64
    }

    private struct Holder {
        var path: String
        var exclusive = 0
        var writers = 0
        var readers = 0

        /// Whether a claim in `mode` may stand beside the ones held.
        func admits(_ mode: Mode) -> Bool {
            switch mode {
            case .exclusive: return exclusive + writers + readers == 0
            case .writer: return exclusive + writers == 0
            case .reader: return exclusive == 0
            }
        }

        mutating func count(_ mode: Mode, _ delta: Int) {
            switch mode {
            case .exclusive: exclusive += delta
            case .writer: writers += delta
            case .reader: readers += delta
            }
        }

        var isEmpty: Bool { exclusive + writers + readers == 0 }
    }

    private static let held = Locked([Identity: Holder]())

    private let identity: Identity
    private let mode: Mode
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
            var holder = held[identity] ?? Holder(path: path)
            guard holder.admits(mode) else {
                let same = holder.path == path ? "" : " (as '\(holder.path)')"
                throw .locked("\(engine) store '\(path)' is already open in this process\(same): "
                    + "open it once and share the engine, or close the other first")
            }
            holder.count(mode, 1)
            held[identity] = holder
        }
        self.identity = identity
        self.mode = mode
    }

    /// Gives the store up (idempotent): another open may claim it now.
    public func release() {
        let first = released.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        Self.held.withLock { held in
            guard var holder = held[identity] else { return }
            holder.count(mode, -1)
            held[identity] = holder.isEmpty ? nil : holder
        }
    }

    deinit { release() }
}
