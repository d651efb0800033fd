import Foundation

/// The sides of the table, in column order.
enum Side: Int, CaseIterable {
    case lmdb, lmdbAlt, rocks, rocksAlt, common, fastest
}

/// One line of the table: a workload, how many operations one pass does, and each side's pass
/// (returning its own elapsed nanoseconds, so setup such as a fresh store stays untimed).
struct Line {
    let name: String
    let operations: Int
    /// The labels of the Leasehold alternative and of GRDB's fastest way, shown in the cells.
    let lmdbAltLabel: String
    let fastestLabel: String
    let passes: [Side: () throws -> Double]
}

/// The best (lowest) ns per operation of each line and side over the rounds.
struct Results {
    private var best: [String: [Side: Double]] = [:]

    mutating func record(_ line: Line, _ side: Side, nanoseconds: Double) {
        let perOperation = nanoseconds / Double(line.operations)
        best[line.name, default: [:]][side] = min(best[line.name]?[side] ?? .infinity, perOperation)
    }

    /// The markdown table: ns per operation per side, and how many times slower GRDB's best is
    /// than each Leasehold engine's first style (above 1: Leasehold is faster).
    func markdown(_ lines: [Line]) -> String {
        var text = "| workload | Leasehold LMDB | Leasehold RocksDB | GRDB, common way | GRDB, fastest way | GRDB best ÷ LMDB | GRDB best ÷ RocksDB |\n"
        text += "|---|---:|---:|---:|---:|---:|---:|\n"
        for line in lines {
            let figures = best[line.name] ?? [:]
            func cell(_ side: Side, alt: Side?, label: String) -> String {
                guard let main = figures[side] else { return "—" }
                guard let alt, let other = figures[alt] else { return Self.format(main) }
                return "\(Self.format(main)) (\(label) \(Self.format(other)))"
            }
            let grdbBest = [figures[.common], figures[.fastest]].compactMap { $0 }.min()
            func ratio(_ side: Side) -> String {
                guard let grdbBest, let ours = figures[side] else { return "—" }
                return String(format: "%.2f×", grdbBest / ours)
            }
            text += "| \(line.name) | \(cell(.lmdb, alt: .lmdbAlt, label: line.lmdbAltLabel)) "
            text += "| \(cell(.rocks, alt: .rocksAlt, label: line.lmdbAltLabel)) | \(cell(.common, alt: nil, label: "")) "
            text += "| \(figures[.fastest].map { "\(Self.format($0)) (\(line.fastestLabel))" } ?? "—") "
            text += "| \(ratio(.lmdb)) | \(ratio(.rocks)) |\n"
        }
        return text
    }

    static func format(_ ns: Double) -> String {
        let rounded = Int(ns.rounded())
        return rounded.formatted(.number.grouping(.automatic))
    }
}

/// The elapsed nanoseconds of `body`.
func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start)
}

/// Black hole for the passes' results.
nonisolated(unsafe) var sink = 0

/// The elapsed nanoseconds of `body` run on two threads at once (each its own transaction).
func twoThreads(_ body: @escaping @Sendable () throws -> Int) throws -> Double {
    let group = DispatchGroup()
    let failure = Failure()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0 ..< 2 {
        group.enter()
        Thread.detachNewThread {
            do { failure.add(try body()) } catch { failure.set(error) }
            group.leave()
        }
    }
    group.wait()
    let nanoseconds = Double(DispatchTime.now().uptimeNanoseconds - start)
    if let error = failure.error { throw error }
    sink &+= failure.total
    return nanoseconds
}

/// The results and the first error of a two-thread pass.
final class Failure: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: (any Error)?
    private var sum = 0
    var error: (any Error)? { lock.withLock { stored } }
    var total: Int { lock.withLock { sum } }
    func set(_ error: any Error) { lock.withLock { if stored == nil { stored = error } } }
    func add(_ result: Int) { lock.withLock { sum &+= result } }
}
