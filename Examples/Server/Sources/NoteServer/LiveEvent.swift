import Foundation
import Leasehold

/// One server-sent event of `GET /notes/live`: a note written or deleted by a commit.
///
/// On the wire (`text/event-stream`):
/// ```
/// event: put
/// data: {"id":"a","note":{…},"sequence":7}
/// id: 7
/// ```
/// `event` is `put` or `delete`; `data` is this struct in JSON. The `id:` line (the commit's
/// sequence number) ends the last event of each commit only, so a client that reconnects with
/// `Last-Event-ID` resumes after a whole commit and never loses the rest of one.
public struct LiveEvent: Codable, Sendable, Hashable {
    /// The commit's sequence number.
    public var sequence: UInt64
    /// The note's id.
    public var id: String
    /// The note as written, or `nil` when the commit deleted it.
    public var note: NoteDocument?

    /// An event of the note `id` in the commit `sequence`.
    public init(sequence: UInt64, id: String, note: NoteDocument?) {
        self.sequence = sequence
        self.id = id
        self.note = note
    }

    /// The events of `commit`: one per changed note, in the commit's order. A key that is not
    /// `("notes", id)` or a value that is not a ``Note`` is skipped.
    public static func events(of commit: Commit) -> [LiveEvent] {
        commit.changes.compactMap { change in
            guard let (collection, id) = try? Key(packed: change.key.array).decode(String.self, String.self),
                collection == "notes"
            else { return nil }
            guard let value = change.value else { return LiveEvent(sequence: commit.sequence.rawValue, id: id, note: nil) }
            guard let note = try? TupleDecoder().decode(Note.self, from: value.array) else { return nil }
            return LiveEvent(sequence: commit.sequence.rawValue, id: id, note: NoteDocument(id: id, note: note))
        }
    }

    /// The text of `commit`'s events in the `text/event-stream` format, the last one carrying the
    /// commit's number as its `id:`.
    public static func stream(of commit: Commit) throws -> String {
        let events = events(of: commit)
        var text = ""
        for (index, event) in events.enumerated() {
            text += "event: \(event.note == nil ? "delete" : "put")\n"
            text += "data: \(String(decoding: try JSONBody.encode(event), as: UTF8.self))\n"
            if index == events.count - 1 { text += "id: \(commit.sequence.rawValue)\n" }
            text += "\n"
        }
        return text
    }
}
