import Leasehold

// The passes every benchmark of this package times, generic over the engine so that the LMDB
// and Memory styles run the same code; inlined and specialised into each caller.

/// Every scan does the same work per record: both lengths plus the key's first byte.
@inlinable @inline(__always) public func spansPass<T: ReadTransaction>(_ txn: T) throws -> Int {
    var total = 0
    try txn.scanSpans { key, value in
        total &+= key.byteCount &+ value.byteCount &+ Int(key.unsafeLoad(as: UInt8.self))
    }
    return total
}

@inlinable @inline(__always) public func scanPass<T: ReadTransaction>(_ txn: T) throws -> Int {
    var total = 0
    try txn.scan { key, value in total &+= key.count &+ value.count &+ Int(key[0]) }
    return total
}

@inlinable @inline(__always) public func recordsPass<T: ReadTransaction>(_ txn: T) throws -> Int {
    var total = 0
    var records = try txn.records()
    while let record = try records.next() {
        total &+= record.key.count &+ record.value.count &+ Int(record.key[0])
    }
    return total
}

@inlinable @inline(__always) public func keepKeysPass<T: ReadTransaction>(_ txn: T, _ kept: inout [Bytes]) throws {
    try txn.scan { key, _ in kept.append(key) }
}

@inlinable @inline(__always) public func keepValuesPass<T: ReadTransaction>(_ txn: T, _ kept: inout [Bytes]) throws {
    try txn.scan { _, value in kept.append(value) }
}

