/// The one mapping of ``KeyRange`` bounds onto cursor moves: scans, range deletes and size
/// estimates of every adapter position through it.
extension StoreCursor {
    /// Moves to the first record of `range` in the walk's direction (the lowest going forward,
    /// the highest in reverse). Returns whether there is one; the far end of the range is not
    /// checked here (the walk checks it at every step).
    @inlinable
    public mutating func seekStart(of range: KeyRange, reverse: Bool) throws -> Bool {
        if !reverse {
            switch range.lower {
            case .unbounded:
                return try first()
            case .inclusive(let b):
                return try b.withUnsafeBytes { try seek($0) }
            case .exclusive(let b):
                return try b.withUnsafeBytes { target in
                    guard try seek(target) else { return false }
                    return Bytes.compare(key, target) == 0 ? try next() : true
                }
            }
        }
        switch range.upper {
        case .unbounded:
            return try last()
        case .inclusive(let b):
            return try b.withUnsafeBytes { target in
                guard try seek(target) else { return try last() }
                return Bytes.compare(key, target) > 0 ? try previous() : true
            }
        case .exclusive(let b):
            return try b.withUnsafeBytes { target in
                try seek(target) ? try previous() : try last()
            }
        }
    }

    /// Moves to the last record whose key is `<= key`. Returns whether there is one.
    @inlinable
    public mutating func seek(atOrBefore target: UnsafeRawBufferPointer) throws -> Bool {
        guard try seek(target) else { return try last() }
        return Bytes.compare(key, target) > 0 ? try previous() : true
    }

    /// Calls `body` with each key of `range`, in order, from this cursor's own moves.
    ///
    /// - warning: The key is valid only inside `body`.
    @inlinable
    public mutating func forEachKey(in range: KeyRange, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var positioned = try seekStart(of: range, reverse: false)
        while positioned, !range.isAboveUpper(key) {
            try body(key)
            positioned = try next()
        }
    }
}

extension KeyRange {
    /// The range as a half-open `[begin, end)` of keys, the form of RocksDB's and etcd's range
    /// deletes, or `nil` when no key can lie in it.
    ///
    /// memcmp order gives every key an immediate successor (`key + [0]`), so exclusive lower and
    /// inclusive upper ends translate exactly. An open top has no key above every other: `top`
    /// is asked for the highest key stored (the range ends just after it; `nil`: none).
    public func halfOpen(top: () throws -> [UInt8]?) rethrows -> (begin: [UInt8], end: [UInt8])? {
        let begin: [UInt8]
        switch lower {
        case .unbounded: begin = []
        case .inclusive(let key): begin = key
        case .exclusive(let key): begin = key + [0]
        }
        let end: [UInt8]
        switch upper {
        case .exclusive(let key): end = key
        case .inclusive(let key): end = key + [0]
        case .unbounded:
            guard let highest = try top() else { return nil }
            end = highest + [0]
        }
        let empty = begin.withUnsafeBytes { b in end.withUnsafeBytes { Bytes.compare(b, $0) >= 0 } }
        return empty ? nil : (begin, end)
    }
}
