import Foundation

/// What the server accepts as an id and as a note; every refusal is a ``NoteRules/Violation``
/// whose message says what is wrong (the routes answer 400 with it).
public enum NoteRules {
    /// The longest id, in characters.
    public static let maxIdLength = 100
    /// The longest title, in characters.
    public static let maxTitleLength = 200
    /// The most tags on one note.
    public static let maxTags = 20
    /// The longest tag, in characters.
    public static let maxTagLength = 40
    /// Ids the routes use for themselves (`GET /notes/live`, `GET /notes/export`).
    public static let reservedIds: Set<String> = ["live", "export"]

    /// Input the server refuses, with a message for the client.
    public struct Violation: Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, in one sentence.
        public let message: String
        /// A violation saying `message`.
        public init(_ message: String) { self.message = message }
        /// The message.
        public var description: String { message }
    }

    /// Checks that `id` is 1 to ``maxIdLength`` ASCII letters, digits, `-`, `_` or `.`, and not
    /// reserved; throws a ``Violation`` naming the problem.
    public static func check(id: String) throws(Violation) {
        guard !id.isEmpty else { throw Violation("the id is empty") }
        guard id.count <= maxIdLength else {
            throw Violation("the id has \(id.count) characters; at most \(maxIdLength) are allowed")
        }
        guard id.unicodeScalars.allSatisfy(isIdCharacter) else {
            throw Violation("the id '\(id)' may hold only ASCII letters, digits, '-', '_' and '.'")
        }
        guard !reservedIds.contains(id) else { throw Violation("the id '\(id)' is reserved") }
    }

    /// Checks that `cursor` (the `after` of a listing) has the form of an id; reserved ids are
    /// allowed.
    public static func check(cursor: String) throws(Violation) {
        guard !cursor.isEmpty, cursor.count <= maxIdLength, cursor.unicodeScalars.allSatisfy(isIdCharacter) else {
            throw Violation("after='\(cursor)' is not a note id")
        }
    }

    /// Checks `input` and returns the note it makes, written at `date`; throws a ``Violation``
    /// naming the first problem.
    public static func note(from input: NoteInput, at date: Date) throws(Violation) -> Note {
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !title.isEmpty else { throw Violation("the title is empty") }
        guard title.count <= maxTitleLength else {
            throw Violation("the title has \(title.count) characters; at most \(maxTitleLength) are allowed")
        }
        let tags = input.tags ?? []
        guard tags.count <= maxTags else {
            throw Violation("the note has \(tags.count) tags; at most \(maxTags) are allowed")
        }
        for tag in tags where tag.isEmpty || tag.count > maxTagLength {
            throw Violation("the tag '\(tag)' must have 1 to \(maxTagLength) characters")
        }
        return Note(title: title, body: input.body ?? "", tags: tags, updated: date)
    }

    private static func isIdCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "-", "_", ".": true
        default: false
        }
    }
}
