import Leasehold

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Commits numbered transactions (the crash layout) into a new store: `count` of them, or, under a
/// file-size limit of `fileSizeLimit` bytes, until a write fails. A failed write is reported as
/// `failed KIND DESCRIPTION` (KIND names the ``LeaseholdError`` case) and the child exits 0.
///
/// The limit is a disk filling up, without privileges: `RLIMIT_FSIZE` is a limit any process may
/// lower for itself, and with `SIGXFSZ` ignored a write past it fails with `EFBIG`.
func commitUntilFailure<E: Engine>(_ engine: E, fileSizeLimit: Int? = nil, count: Int = 1_000_000) throws {
    if let fileSizeLimit {
        signal(SIGXFSZ, SIG_IGN)
        var limits = rlimit()
        #if canImport(Glibc)
        let resource = __rlimit_resource_t(RLIMIT_FSIZE.rawValue)
        #else
        let resource = RLIMIT_FSIZE
        #endif
        getrlimit(resource, &limits)
        limits.rlim_cur = rlim_t(fileSizeLimit)
        guard setrlimit(resource, &limits) == 0 else {
            report("error setrlimit: errno \(errno)")
            exit(1)
        }
        report("limited \(fileSizeLimit)")
    }
    for next in UInt64(0) ..< UInt64(count) {
        do {
            try engine.write { txn in
                for i in 0 ..< CrashLayout.keysPerTransaction {
                    try txn.put(CrashLayout.key(next, i), CrashLayout.value(next, i))
                }
            }
        } catch let error as LeaseholdError {
            report("failed \(kind(of: error)) \(error)")
            exit(0)
        }
        report("committed \(next)")
    }
    if fileSizeLimit != nil {
        report("error no write failed under the limit")
        exit(3)
    }
}

/// The case of `error` a disk-full test tells apart.
func kind(of error: LeaseholdError) -> String {
    switch error {
    case .io: "io"
    case .storeFull: "storeFull"
    case .corrupted: "corrupted"
    case .engineFailure: "engineFailure"
    default: "other"
    }
}
