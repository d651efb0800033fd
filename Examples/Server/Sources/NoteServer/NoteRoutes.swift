import Foundation
import Hummingbird
import Leasehold
import LeaseholdAsync

/// `GET`, `PUT` and `DELETE /notes/:id` and `GET /notes?after=ID&limit=N`: every handler awaits
/// one transaction of the ``NoteStore`` and blocks nothing.
struct NoteRoutes: Sendable {
    /// The notes.
    let notes: NoteStore
    /// The largest body `PUT` accepts, in bytes.
    let maxBodyBytes: Int

    /// The default and the largest page size of the listing.
    static let defaultLimit = 25
    static let maxLimit = 1000

    /// Adds the routes to `router`.
    func add(to router: Router<BasicRequestContext>) {
        router.get("notes") { request, _ in try await self.list(request) }
        router.get("notes/:id") { _, context in try await self.get(context) }
        router.put("notes/:id") { request, context in try await self.put(request, context) }
        router.delete("notes/:id") { _, context in try await self.delete(context) }
        // The router prefers the constant paths (the live feed, the export) to `/notes/:id`:
        // say why a note cannot be written there instead of answering 404.
        for reserved in NoteRules.reservedIds.sorted() {
            router.put("notes/\(reserved)") { _, _ -> Response in
                try NoteRules.check(id: reserved)
                return Response(status: .badRequest)
            }
        }
    }

    private func get(_ context: BasicRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard let note = try await notes.note(id) else { throw HTTPError(.notFound, message: "there is no note '\(id)'") }
        return try JSONBody.response(NoteDocument(id: id, note: note))
    }

    private func put(_ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let id = try Self.id(context)
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw HTTPError(.contentTooLarge, message: "the body has \(length) bytes; at most \(maxBodyBytes) are accepted")
        }
        let body = try await request.body.collect(upTo: maxBodyBytes)
        let note = try NoteRules.note(from: JSONBody.decode(NoteInput.self, from: body), at: Date())
        let created = try await notes.save(note, as: id)
        return try JSONBody.response(NoteDocument(id: id, note: note), status: created ? .created : .ok)
    }

    private func delete(_ context: BasicRequestContext) async throws -> Response {
        let id = try Self.id(context)
        guard try await notes.delete(id) else { throw HTTPError(.notFound, message: "there is no note '\(id)'") }
        return Response(status: .noContent)
    }

    private func list(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let after = query.get("after")
        if let after { try NoteRules.check(cursor: after) }
        var limit = Self.defaultLimit
        if let text = query.get("limit") {
            guard let number = Int(text), (1...Self.maxLimit).contains(number) else {
                throw NoteRules.Violation("limit must be a number from 1 to \(Self.maxLimit), not '\(text)'")
            }
            limit = number
        }
        return try JSONBody.response(try await notes.page(after: after, limit: limit))
    }

    /// The `:id` of the path, checked by ``NoteRules/check(id:)``.
    private static func id(_ context: BasicRequestContext) throws -> String {
        let id = try context.parameters.require("id")
        try NoteRules.check(id: id)
        return id
    }
}
