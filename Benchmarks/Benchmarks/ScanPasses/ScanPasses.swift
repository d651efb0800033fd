import Foundation
import Leasehold

// The passes every benchmark of this package times, generic over the engine so that the LMDB
// and Memory styles run the same code; inlined and specialised into each caller.

/// Every scan does the same work per record: both lengths plus the key's first byte.
@inlinable @inline(__always) public func spansPass<R: StoreReader>(_ txn: ReadTransaction<R>) throws -> Int {
    var total = 0
    try txn.scanSpans { key, value in
        total &+= key.byteCount &+ value.byteCount &+ Int(key.unsafeLoad(as: UInt8.self))
    }
    return total
}

@inlinable @inline(__always) public func scanPass<R: StoreReader>(_ txn: ReadTransaction<R>) throws -> Int {
    var total = 0
    try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
    return total
}

@inlinable @inline(__always) public func recordsPass<R: StoreReader>(_ txn: ReadTransaction<R>) throws -> Int {
    var total = 0
    var records = try txn.records()
    while let record = try records.next() {
        total &+= record.key.count &+ record.value.count &+ Int(record.key[0])
    }
    return total
}

@inlinable @inline(__always) public func keepKeysPass<R: StoreReader>(_ txn: ReadTransaction<R>, _ kept: inout [Bytes]) throws {
    try txn.scan { key, _ in kept.append(key) }
}

@inlinable @inline(__always) public func keepValuesPass<R: StoreReader>(_ txn: ReadTransaction<R>, _ kept: inout [Bytes]) throws {
    try txn.scan { _, value in kept.append(value) }
}


/// `cursor()` first/next. (Not `var r = first(); while … { r = next() }`: that holds each record
/// across the next move, so its storage cannot be reused.)
@inlinable @inline(__always) public func cursorPass<R: StoreReader>(_ txn: ReadTransaction<R>) throws -> Int {
    var total = 0
    var cursor = try txn.cursor()
    if let r = try cursor.first() { total &+= r.key.count &+ r.value.count &+ Int(r.key[0]) }
    while let r = try cursor.next() { total &+= r.key.count &+ r.value.count &+ Int(r.key[0]) }
    return total
}

/// A `get` of each of `keys` (16 bytes each, back to back), summing the values' lengths.
@inlinable @inline(__always) public func getsPass<R: StoreReader>(_ txn: ReadTransaction<R>, _ keys: [UInt8]) throws -> Int {
    var total = 0
    try keys.withUnsafeBytes { keys in
        for i in 0 ..< keys.count / 16 {
            total &+= try txn.get(UnsafeRawBufferPointer(rebasing: keys[i * 16 ..< i * 16 + 16]))!.count
        }
    }
    return total
}
