import ArgumentParser
import Foundation
import Leasehold

/// One record as a JSON line: `{"key": "<literal>", "value": "<literal>"}` (hex or text under
/// `--hex` / `--utf8`).
struct RecordLine: Codable {
    var key: String
    var value: String
}

/// Records are written in transactions of at most this many records or bytes, so memory stays
/// bounded however large the input.
struct BatchOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Records per write transaction, at most.", valueName: "n"))
    var batch = 10_000

    @Option(help: ArgumentHelp("Key and value bytes per write transaction, at most (e.g. 8MiB).", valueName: "size"))
    var batchSize = "8MiB"

    func validate() throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
        if bytes == nil { throw ValidationError("--batch-size '\(batchSize)' is not a size such as 8MiB") }
    }

    var bytes: Int? {
        guard case .size(let n)? = try? EngineOption("batchSize", .size, "").parse(batchSize, scheme: "leasehold") else { return nil }
        return max(n, 1)
    }
}

/// Pending records of one write transaction.
struct Batch<Element> {
    let maxRecords: Int
    let maxBytes: Int
    private(set) var records: [(key: Element, value: Element)] = []
    private(set) var bytes = 0

    init(_ options: BatchOptions) {
        maxRecords = options.batch
        maxBytes = options.bytes ?? 8 << 20
    }

    var isFull: Bool { records.count >= maxRecords || bytes >= maxBytes }

    mutating func append(_ key: Element, _ value: Element, bytes: Int) {
        records.append((key, value))
        self.bytes += bytes
    }

    /// Writes the batch and empties it: in one transaction, or in as few as the engine's
    /// per-transaction limits allow (`Capabilities.maxTransactionWrites`/`maxTransactionBytes`,
    /// e.g. etcd's `--max-txn-ops`). Each closure may run again, so it only reads `records`.
    mutating func commit(to engine: AnyEngine) throws where Element: ContiguousBytes {
        guard !records.isEmpty else { return }
        let limits = engine.capabilities
        let maxWrites = limits.maxTransactionWrites ?? records.count
        var start = 0
        while start < records.count {
            var end = start, size = 0
            while end < records.count && end - start < maxWrites {
                let n = records[end].key.withUnsafeBytes(\.count) + records[end].value.withUnsafeBytes(\.count)
                if end > start, let maxBytes = limits.maxTransactionBytes, size + n > maxBytes { break }
                size += n
                end += 1
            }
            let chunk = records[start ..< end]
            try engine.write { txn in
                for record in chunk { try txn.put(record.key, record.value) }
            }
            start = end
        }
        records.removeAll(keepingCapacity: true)
        bytes = 0
    }
}

/// `leasehold import [FILE]`.
struct ImportCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Store the records of a JSON-lines file (or stdin), streaming, in bounded batches.",
        discussion: """
            Each line is {"key": "<literal>", "value": "<literal>"}, as `leasehold export` writes them. \
            Blank lines are skipped. A bad line stops the import with its line number; the batches \
            before it stay committed, the one it is in is not applied.
            """)

    @OptionGroup var source: ImportSource
    @OptionGroup var batch: BatchOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let input = try source.open()
        defer { input.close() }
        // Opened at the first commit: an input that is bad from its first line creates nothing.
        var opened: AnyEngine?
        defer { try? opened?.close() }
        func engine() throws -> AnyEngine {
            if let opened { return opened }
            let engine = try context.open(access: .readWrite)
            opened = engine
            return engine
        }
        var reader = LineReader(fd: input.fd)
        var progress = progressOptions.progress("import", total: input.size)
        var pending = Batch<[UInt8]>(batch)
        var lineNumber = 0, imported = 0
        let decoder = JSONDecoder()
        while let line = try reader.next() {
            lineNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }) { continue }
            let key: [UInt8], value: [UInt8]
            do {
                let record = try decoder.decode(RecordLine.self, from: Data(line))
                key = try options.format.parse(record.key, "key", inShell: false)
                value = try options.format.parse(record.value, "value", inShell: false)
            } catch let error as DecodingError {
                throw CLIError("line \(lineNumber): not a record {\"key\": …, \"value\": …} (\(Self.explain(error))); \(imported) records imported before it")
            } catch {
                throw CLIError("line \(lineNumber): \(error); \(imported) records imported before it")
            }
            pending.append(key, value, bytes: key.count + value.count)
            if pending.isFull {
                imported += pending.records.count
                try pending.commit(to: engine())
                progress.update(records: imported, done: reader.bytesRead)
            }
        }
        imported += pending.records.count
        if !pending.records.isEmpty { try pending.commit(to: engine()) }
        progress.finish(records: imported, done: reader.bytesRead)
        context.logger.info("imported", metadata: ["records": "\(imported)", "lines": "\(lineNumber)"])
        print("imported \(imported) records")
    }

    static func explain(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "no \"\(key.stringValue)\""
        case .typeMismatch(_, let c), .valueNotFound(_, let c): return "\(c.codingPath.last?.stringValue ?? "record") is not a string"
        case .dataCorrupted: return "not JSON"
        @unknown default: return "\(error)"
        }
    }
}

/// `leasehold export [FILE]`.
struct ExportCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write the records of a range as JSON lines to a file (or stdout), streaming.",
        discussion: "The lines read back with `leasehold import`; all of them come from one read transaction (a snapshot).")

    @OptionGroup var destination: ExportDestination
    @OptionGroup var range: RangeOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let keys = try range.range(options.format)
        let engine = try context.open(access: .readOnly)
        defer { try? engine.close() }
        let output = try destination.open()
        defer { output.close() }
        // No progress line when the records themselves go to the terminal.
        var progress = progressOptions.progress("export", outputIsTerminal: output.isStandardStream && isatty(STDOUT_FILENO) != 0)
        var out = OutputBuffer(fd: output.fd)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let written = try engine.read { txn -> Int in
            var n = 0
            try txn.scan(keys, reverse: range.reverse, limit: range.limit) { key, value in
                out.append(try encoder.encode(RecordLine(key: options.format.format(key), value: options.format.format(value))))
                out.append("\n")
                try out.flushIfFull()
                n += 1
                progress.update(records: n)
            }
            return n
        }
        try out.flush()
        progress.finish(records: written)
        context.logger.info("exported", metadata: ["records": "\(written)"])
    }
}

/// `[FILE]` of `leasehold import`: the JSON lines to read.
struct ImportSource: ParsableArguments {
    @Argument(help: "The file to read ('-' or nothing: stdin).")
    var file: String?

    /// The file opened for reading, or stdin.
    func open() throws -> StreamFile { try StreamFile(reading: file) }
}

/// `[FILE]` of `leasehold export`: where the JSON lines go.
struct ExportDestination: ParsableArguments {
    @Argument(help: "The file to write ('-' or nothing: stdout); replaced if it exists.")
    var file: String?

    /// The file created or emptied for writing, or stdout.
    func open() throws -> StreamFile { try StreamFile(writing: file) }
}

/// A file named on the command line, or a standard stream for `-` or no name.
struct StreamFile {
    /// The descriptor to read or write.
    let fd: Int32
    /// The size of a regular file opened for reading, for the progress bar.
    let size: Int?
    /// Whether this is stdin or stdout rather than a file opened here.
    let isStandardStream: Bool

    /// The file at `path` opened for reading, or stdin.
    init(reading path: String?) throws {
        guard let path, path != "-" else {
            self.init(fd: STDIN_FILENO, size: nil, isStandardStream: true)
            return
        }
        let fd = try Self.open(path, O_RDONLY, "read")
        var info = stat()
        let size = fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        self.init(fd: fd, size: size, isStandardStream: false)
    }

    /// The file at `path` created or emptied for writing, or stdout.
    init(writing path: String?) throws {
        guard let path, path != "-" else {
            self.init(fd: STDOUT_FILENO, size: nil, isStandardStream: true)
            return
        }
        self.init(fd: try Self.open(path, O_WRONLY | O_CREAT | O_TRUNC, "write"), size: nil, isStandardStream: false)
    }

    private init(fd: Int32, size: Int?, isStandardStream: Bool) {
        self.fd = fd
        self.size = size
        self.isStandardStream = isStandardStream
    }

    /// `open(2)` of `path` with `flags` (new files `rw-r--r--`); the error says what could not be
    /// done (`verb`: "read", "write").
    private static func open(_ path: String, _ flags: Int32, _ verb: String) throws -> Int32 {
        let fd = Foundation.open(path, flags, 0o644)
        guard fd >= 0 else { throw CLIError("cannot \(verb) '\(path)': \(String(cString: strerror(errno)))") }
        return fd
    }

    /// Closes the file (a standard stream stays open).
    func close() { if !isStandardStream { Foundation.close(fd) } }
}
