import CRocksDB
@_spi(Adapter) import LeaseholdCore
import Synchronization

/// Point reads return the RocksDB pinnable slice itself, owned by the `Bytes`: a lease owned by
/// its one sink. While the slice lives, the table block it points into stays pinned in the
/// engine's block cache; `rocksdb_pinnableslice_destroy` lets go of it when the last value made
/// from it is dropped. Nothing is ever copied.
///
/// A pinned value may outlive its engine: the block cache it pins must then outlive the engine
/// too. When an engine closes while some of its blocks are still pinned, its cache is retired
/// here instead of destroyed, and destroyed by the release of the last pinned value (each
/// release checks, with one atomic load, whether any cache is waiting).
enum RocksDBPinnedValue {
    /// Wraps a pinnable slice RocksDB returned for one caller as a `Bytes` that owns it.
    ///
    /// The release destroys the slice (unpinning its block), then lets retired caches go if this
    /// was the last pin keeping one. It is a C closure literal: no global to initialise per get.
    static func bytes(owning slice: OpaquePointer) -> Bytes {
        var count = 0
        let start = rocksdb_pinnableslice_value(slice, &count)
        return Bytes(pinning: UnsafeRawBufferPointer(start: start, count: count), context: UnsafeMutableRawPointer(slice)) { slice in
            rocksdb_pinnableslice_destroy(OpaquePointer(slice))
            if RetiredCaches.waiting.load(ordering: .sequentiallyConsistent) != 0 { RetiredCaches.reap() }
        }
    }
}

/// Block caches of closed engines that pinned values still point into.
enum RetiredCaches {
    /// A cache pointer, handed between threads under `caches`' lock.
    struct Cache: @unchecked Sendable { let pointer: OpaquePointer }

    /// How many caches wait: read by every release, so it is a single atomic word.
    static let waiting = Atomic<Int>(0)
    static let caches = Locked<[Cache]>([])

    /// Destroys `cache` of a closed engine now if nothing is pinned in it, or once the last
    /// pinned value is released.
    static func retire(_ cache: OpaquePointer) {
        caches.withLock { list in
            list.append(Cache(pointer: cache))
            waiting.store(list.count, ordering: .sequentiallyConsistent)
        }
        reap()
    }

    /// Destroys every waiting cache with no pinned block left.
    static func reap() {
        caches.withLock { list in
            list.removeAll { cache in
                guard rocksdb_cache_get_pinned_usage(cache.pointer) == 0 else { return false }
                rocksdb_cache_destroy(cache.pointer)
                return true
            }
            waiting.store(list.count, ordering: .sequentiallyConsistent)
        }
    }

    /// Whether `cache` waits for pinned values to be released (tests).
    static func isWaiting(_ cache: OpaquePointer) -> Bool {
        caches.withLock { list in list.contains { $0.pointer == cache } }
    }
}
