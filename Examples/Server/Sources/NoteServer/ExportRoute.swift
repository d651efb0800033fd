import Hummingbird
import Leasehold
import LeaseholdAsync

/// `GET /notes/export`: every note as JSON lines (`application/x-ndjson`), in id order, from one
/// snapshot of the store.
///
/// The notes come from `AsyncStore.records(in:as:)`, a stream of owned batches read on the
/// store's threads only as the response is written: a slow client holds back the reading instead
/// of filling memory, and a store of any size is exported in constant memory.
struct ExportRoute: Sendable {
    /// The notes.
    let notes: NoteStore
    /// Notes per batch: one read on a store thread and one write to the client each.
    static let batch = BatchLimit(records: 512, bytes: 1 << 20)

    /// Adds the route to `router`.
    func add(to router: Router<BasicRequestContext>) {
        router.get("notes/export") { _, _ in self.export() }
    }

    private func export() -> Response {
        let stream = notes.store.records(in: NoteStore.range, as: Note.self, batch: Self.batch)
        return Response(
            status: .ok, headers: [.contentType: "application/x-ndjson"],
            body: ResponseBody { writer in
                for try await batch in stream {
                    var lines: [UInt8] = []
                    for (key, note) in batch {
                        lines += try JSONBody.encode(NoteDocument(id: try key[1, as: String.self], note: note))
                        lines.append(UInt8(ascii: "\n"))
                    }
                    try await writer.write(ByteBuffer(bytes: lines))
                }
                try await writer.finish(nil)
            })
    }
}
