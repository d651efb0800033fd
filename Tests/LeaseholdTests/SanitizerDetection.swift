#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which sanitizer runtime this test process was built with (`swift test --sanitize=…`, as
/// `make sanitize` does), found by looking up a symbol only that runtime exports.
enum Sanitizers {
    /// AddressSanitizer is loaded: a deliberate read of freed memory would abort the whole run.
    static let address = isLoaded("__asan_init")

    private static func isLoaded(_ symbol: String) -> Bool {
        #if canImport(Darwin)
        let everyImage = UnsafeMutableRawPointer(bitPattern: -2)  // RTLD_DEFAULT
        #else
        let everyImage: UnsafeMutableRawPointer? = nil  // RTLD_DEFAULT
        #endif
        return dlsym(everyImage, symbol) != nil
    }
}
