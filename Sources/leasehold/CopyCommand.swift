import ArgumentParser
import Leasehold

/// `leasehold copy SRC_URL DST_URL`: every record of one store into another, of any engines.
struct CopyCommand: RecordCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy", abstract: "Copy every record (or a range) from one store to another, in bounded batches.",
        discussion: """
            Example: leasehold copy lmdb:./a lmdb:./b
            The source is read in one read transaction (a consistent snapshot) and opened read-only; \
            the destination is created if missing and written in transactions of --batch records or \
            --batch-size bytes. Records go from the source's memory to the destination without a copy \
            while the source lends them.
            A destination that already holds records is refused (exit status 64) unless --merge is \
            given; with --merge, a key present on both sides takes the source's value and \
            destination records under other keys are kept.
            """)

    @Argument(help: "The source store URL.")
    var source: String
    @Argument(help: "The destination store URL.")
    var destination: String
    @Flag(help: "Copy into a destination that already holds records: a key on both sides takes the source's value; other destination records are kept.")
    var merge = false
    @OptionGroup var range: RangeOptions
    @OptionGroup var batch: BatchOptions
    @OptionGroup var progressOptions: ProgressOptions
    @OptionGroup var options: RecordOptions

    func run(in context: CommandContext) throws {
        let from = try StoreURL(source), to = try StoreURL(destination)
        if from.scheme == to.scheme && from.location == to.location && from.scheme != "memory" {
            throw CLIError("the source and the destination are the same store")
        }
        let keys = try range.range(options.format)
        // Check both URLs before anything is created.
        _ = try context.registry.registration(for: to.scheme).request(to, access: .readWrite)
        let src = try context.open(from, access: .readOnly)
        defer { try? src.close() }
        let dst = try context.open(to, access: .readWrite)
        defer { try? dst.close() }
        if !merge { try Self.requireEmpty(dst, named: to) }
        var progress = progressOptions.progress("copy")
        let copied = try src.read { txn -> Int in
            var records = try txn.records(keys, reverse: range.reverse, limit: range.limit)
            var pending = Batch<Bytes>(batch)
            var copied = 0
            while let record = try records.next() {
                pending.append(record.key, record.value, bytes: record.key.count + record.value.count)
                if pending.isFull {
                    copied += pending.records.count
                    try pending.commit(to: dst)
                    progress.update(records: copied)
                }
            }
            copied += pending.records.count
            try pending.commit(to: dst)
            return copied
        }
        progress.finish(records: copied)
        let stats = src.statistics.snapshot()
        context.logger.info("copy lease counters (source)", metadata: ["counters": "\(stats)"])
        print("copied \(copied) records from \(from) to \(to)")
    }

    /// Records counted in a destination before the refusal says "more than" instead.
    static let countLimit = 10_000

    /// Throws a usage error naming `url` and how many records it holds, unless `engine` is empty.
    static func requireEmpty(_ engine: AnyEngine, named url: StoreURL) throws {
        var held = 0
        try engine.read { txn in try txn.scan(limit: countLimit + 1) { _, _ in held += 1 } }
        guard held > 0 else { return }
        let count = held > countLimit ? "more than \(countLimit) records" : held == 1 ? "1 record" : "\(held) records"
        throw CLIError.usage("the destination \(url) is not empty (it holds \(count)); pass --merge to copy into it "
            + "(a key on both sides takes the source's value, other records are kept)")
    }
}
