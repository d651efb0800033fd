import Foundation

/// A note as the store keeps it: a Codable record under the key `("notes", id)`.
public struct Note: Codable, Sendable, Hashable {
    /// The note's title (not empty, at most ``NoteRules/maxTitleLength`` characters).
    public var title: String
    /// The note's text.
    public var body: String
    /// Labels, each 1 to ``NoteRules/maxTagLength`` characters.
    public var tags: [String]
    /// When the note was last written, set by the server.
    public var updated: Date

    /// A note with these fields.
    public init(title: String, body: String, tags: [String], updated: Date) {
        self.title = title
        self.body = body
        self.tags = tags
        self.updated = updated
    }
}

/// A note with its id: what the HTTP API sends and the live feed carries.
public struct NoteDocument: Codable, Sendable, Hashable {
    /// The note's id (the second element of its key).
    public var id: String
    /// The note's title.
    public var title: String
    /// The note's text.
    public var body: String
    /// The note's labels.
    public var tags: [String]
    /// When the note was last written.
    public var updated: Date

    /// The document of `note` stored under `id`.
    public init(id: String, note: Note) {
        self.id = id
        title = note.title
        body = note.body
        tags = note.tags
        updated = note.updated
    }
}

/// The body of `PUT /notes/:id`: what a client sends (the server sets `updated`).
public struct NoteInput: Codable, Sendable, Hashable {
    /// The note's title.
    public var title: String
    /// The note's text (empty when left out).
    public var body: String?
    /// The note's labels (none when left out).
    public var tags: [String]?

    /// An input with these fields.
    public init(title: String, body: String? = nil, tags: [String]? = nil) {
        self.title = title
        self.body = body
        self.tags = tags
    }
}

/// One page of `GET /notes`: up to `limit` notes in id order, and the cursor of the next page.
public struct NotePage: Codable, Sendable, Hashable {
    /// The notes of this page, in id order.
    public var notes: [NoteDocument]
    /// The id to pass as `after` for the next page; `nil` on the last page.
    public var next: String?

    /// A page of `notes` followed by `next`.
    public init(notes: [NoteDocument], next: String?) {
        self.notes = notes
        self.next = next
    }
}
