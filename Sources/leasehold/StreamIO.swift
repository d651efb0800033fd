import ArgumentParser
import Foundation

/// Buffered output to a file descriptor: one `write(2)` per 64 KiB.
struct OutputBuffer {
    let fd: Int32
    private var bytes: [UInt8] = []

    init(fd: Int32) {
        self.fd = fd
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    mutating func flushIfFull() throws {
        if bytes.count >= 1 << 16 { try flush() }
    }

    mutating func flush() throws {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("write failed: \(String(cString: strerror(errno)))")
            }
            offset += n
        }
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Lines of a file descriptor, read 64 KiB at a time, with the number of bytes consumed so far.
struct LineReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0
    private var atEnd = false
    /// Bytes read from the descriptor so far.
    private(set) var bytesRead = 0

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline (and without a `\r` before it), or `nil` at the end.
    mutating func next() throws -> [UInt8]? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > start && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[start ..< end])
                start = newline + 1
                return line
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                let line = Array(buffer[start...])
                start = buffer.count
                return line
            }
            try fill()
        }
    }

    private mutating func fill() throws {
        buffer.removeFirst(start)
        start = 0
        let chunk = 1 << 16
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var n: Int
        repeat {
            n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + old, chunk) }
        } while n < 0 && errno == EINTR
        guard n >= 0 else { throw CLIError("read failed: \(String(cString: strerror(errno)))") }
        buffer.removeLast(chunk - n)
        bytesRead += n
        if n == 0 { atEnd = true }
    }
}

/// `--no-progress`.
struct ProgressOptions: ParsableArguments {
    @Flag(help: "No progress line, even on a terminal.")
    var noProgress = false

    /// A progress line, drawn only when stderr is a terminal and `--no-progress` is not given.
    func progress(_ label: String, total: Int? = nil, outputIsTerminal: Bool = false) -> Progress {
        Progress(label, total: total, enabled: !noProgress && Diagnostics.stderrIsTerminal && !outputIsTerminal)
    }
}

/// A progress line on stderr, redrawn at most ten times a second; drawn only when stderr is a
/// terminal (never when piped or redirected).
struct Progress {
    let enabled: Bool
    let label: String
    /// The total to expect (bytes of an input file), if known.
    let total: Int?
    private var lastDraw = ContinuousClock.now
    private let started = ContinuousClock.now
    private var drawn = false

    init(_ label: String, total: Int? = nil, enabled: Bool = Diagnostics.stderrIsTerminal) {
        self.label = label
        self.total = total
        self.enabled = enabled
    }

    /// Redraws with `records` done and `done` units of `total`.
    mutating func update(records: Int, done: Int = 0) {
        guard enabled, ContinuousClock.now - lastDraw > .milliseconds(100) else { return }
        lastDraw = .now
        draw(records: records, done: done)
    }

    /// Draws the final state and ends the line.
    mutating func finish(records: Int, done: Int = 0) {
        guard enabled else { return }
        draw(records: records, done: total ?? done)
        FileHandle.standardError.write(Data("\n".utf8))
    }

    private mutating func draw(records: Int, done: Int) {
        drawn = true
        var line = "\r\(label) \(records) records"
        if let total, total > 0 {
            let fraction = min(1, Double(done) / Double(total))
            let width = 30, filled = Int(fraction * Double(width))
            line += " [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
                + String(Int(fraction * 100)) + "%"
        }
        let seconds = Double((ContinuousClock.now - started).components.seconds) + 1e-18 * Double((ContinuousClock.now - started).components.attoseconds)
        if seconds > 0 { line += " (\(Int(Double(records) / seconds)) records/s)" }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }
}
