@testable @_spi(Adapter) import LeaseholdCore
import Leasehold
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Counts releases of adopted buffers: the context is a heap cell the release function bumps.
private let countRelease: @convention(c) (UnsafeMutableRawPointer?) -> Void = { context in
    context!.assumingMemoryBound(to: Int.self).pointee += 1
}

/// Frees a `malloc`'d buffer, as an adapter does with `leveldb_free`.
private let freeBuffer: @convention(c) (UnsafeMutableRawPointer?) -> Void = { free($0) }

@Suite("Bytes built in place, adopted and pinned")
struct BytesAdoptionTests {
    @Test("written in place, inline and out of line; a throwing body keeps nothing")
    func uninitialized() throws {
        for n in [1, 16, 24, 25, 1000] {
            let b = Bytes(unsafeUninitializedCount: n) { buffer in
                for i in 0 ..< buffer.count { buffer[i] = UInt8(truncatingIfNeeded: i &* 7) }
            }
            #expect(Array(b) == (0 ..< n).map { UInt8(truncatingIfNeeded: $0 &* 7) })
            #expect(b.residence == .owned && b.count == n)
        }
        #expect(Bytes(unsafeUninitializedCount: 0) { _ in }.isEmpty)
        struct Stop: Error {}
        #expect(throws: Stop.self) { _ = try Bytes(unsafeUninitializedCount: 100) { _ in throw Stop() } }
    }

    @Test("built in place in one allocation: the bytes live in the storage object itself")
    func oneAllocation() {
        for n in [1, 16, 17, 100, 4096] {
            let b = Bytes(unsafeUninitializedCount: n) { $0.initializeMemory(as: UInt8.self, repeating: 7) }
            guard b.start < 0, let storage = b.object else {
                Issue.record("\(n) bytes are not in an owned storage")
                continue
            }
            let object = UInt(bitPattern: Unmanaged.passUnretained(storage).toOpaque())
            let bytes = b.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }
            #expect(bytes > object && bytes - object <= 32, "\(n) bytes live outside their storage object")
            #expect(b.allSatisfy { $0 == 7 } && b.extracting(0 ..< n).count == n)
        }
    }

    @Test("an adopted buffer is released once, when its last slice is gone")
    func adopted() {
        let released = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        released.initialize(to: 0)
        // The test owns this memory (the release only counts), so it outlives every value.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 1)
        defer {
            released.deallocate()
            buffer.deallocate()
        }
        var slice: Bytes?
        do {
            for i in 0 ..< 64 { buffer[i] = UInt8(i) }
            let adopted = Bytes(adopting: UnsafeRawBufferPointer(buffer), context: released, release: countRelease)
            #expect(adopted.residence == .owned)
            #expect(adopted.withUnsafeBytes { $0.baseAddress } == UnsafeRawPointer(buffer.baseAddress))
            slice = adopted.extracting(10 ..< 20)
            #expect(released.pointee == 0)
        }
        #expect(released.pointee == 0, "released while a slice still lives")
        #expect(slice.map(Array.init) == Array(10 ..< 20))
        slice = nil
        #expect(released.pointee == 1)
    }

    @Test("a malloc'd buffer adopted without a copy is freed by its release")
    func adoptedMalloc() {
        let raw = malloc(300)!
        memset(raw, 0x5a, 300)
        let b = Bytes(adopting: UnsafeRawBufferPointer(start: raw, count: 300), context: raw, release: freeBuffer)
        #expect(b.withUnsafeBytes { $0.baseAddress } == UnsafeRawPointer(raw))
        #expect(b.allSatisfy { $0 == 0x5a } && b.count == 300)
    }

    @Test("a pinned buffer reads as pinned, is never registered, and is released once")
    func pinned() {
        let released = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        released.initialize(to: 0)
        defer { released.deallocate() }
        let memory: [UInt8] = Array(0 ..< 200)
        memory.withUnsafeBytes { buffer in
            var b: Bytes? = Bytes(pinning: buffer, context: released, release: countRelease)
            #expect(b?.residence == .pinned)
            #expect(b.map(Array.init) == memory)
            #expect(b?.extracting(5 ..< 9).residence == .pinned)
            b = nil
        }
        #expect(released.pointee == 1)
    }
}
