import Foundation
import Leasehold
import LeaseholdAsync

/// The notes in a store: every call is one async transaction on the store's own threads, so a
/// request handler awaits it without blocking Swift's cooperative pool.
public struct NoteStore: Sendable {
    /// The store the notes live in.
    public let store: AsyncStore<AnyEngine>

    /// The notes of `store`.
    public init(store: AsyncStore<AnyEngine>) { self.store = store }

    /// The key of the note `id`: `("notes", id)`.
    public static func key(_ id: String) -> Key { Key("notes", id) }

    /// The range holding every note.
    public static var range: KeyRange { Key("notes").range }

    /// The note stored under `id`, or `nil` when there is none.
    public func note(_ id: String) async throws -> Note? {
        try await store.read { txn in try txn.get(Self.key(id), as: Note.self) }
    }

    /// Stores `note` under `id`, replacing any note there; returns whether the id was new.
    public func save(_ note: Note, as id: String) async throws -> Bool {
        try await store.write { txn in
            let key = Self.key(id)
            let existed = try txn.get(key) != nil
            try txn.put(key, note)
            return !existed
        }
    }

    /// Deletes the note `id`; returns whether there was one.
    public func delete(_ id: String) async throws -> Bool {
        try await store.write { txn in try txn.delete(Self.key(id)) }
    }

    /// Up to `limit` notes in id order after the id `after` (from the first when `nil`), read
    /// in one transaction; `next` is the last id of the page when more notes follow it.
    public func page(after: String?, limit: Int) async throws -> NotePage {
        let range = after.map { Self.range.after(Self.key($0)) } ?? Self.range
        return try await store.read { txn in
            var notes: [NoteDocument] = []
            var more = false
            // One record past the page says whether another page follows.
            for record in try txn.records(range, as: Note.self, limit: limit + 1) {
                if notes.count == limit {
                    more = true
                    break
                }
                let id = try record.key[1, as: String.self]
                notes.append(NoteDocument(id: id, note: try record.value))
            }
            return NotePage(notes: notes, next: more ? notes.last?.id : nil)
        }
    }

    /// Writes `count` notes with the ids `import-0000000`, `import-0000001`, … in transactions of
    /// `batch` notes each, one `write` at a time; returns how many were written.
    ///
    /// Each batch waits for the writer thread like any other write, so requests keep being
    /// served while an import runs.
    public func importNotes(count: Int, batch: Int, at date: Date = Date()) async throws -> Int {
        var written = 0
        while written < count {
            try Task.checkCancellation()
            let start = written
            let end = min(count, start + batch)
            try await store.write { txn in
                for index in start..<end {
                    let note = Note(title: "Imported note \(index)", body: "Written by the bulk import.", tags: ["import"], updated: date)
                    try txn.put(Self.key(Self.importedId(index)), note)
                }
            }
            written = end
        }
        return written
    }

    /// The id the bulk import gives its note number `index`.
    public static func importedId(_ index: Int) -> String {
        let digits = String(index)
        return "import-" + String(repeating: "0", count: max(0, 7 - digits.count)) + digits
    }
}
