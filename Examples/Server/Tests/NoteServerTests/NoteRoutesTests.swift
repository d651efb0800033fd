import Foundation
import Hummingbird
import HummingbirdTesting
import NoteServer
import Testing

@Suite("Notes over HTTP", .serialized)
struct NoteRoutesTests {
    @Test("PUT creates, GET reads, PUT replaces, DELETE removes", arguments: storeSchemes)
    func roundTrip(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let created = try await client.execute(uri: "/notes/groceries", method: .put, body: noteJSON(title: "Groceries", body: "milk", tags: ["home"]))
            #expect(created.status == .created)
            let read = try await client.execute(uri: "/notes/groceries", method: .get)
            #expect(read.status == .ok)
            let note = try decode(NoteDocument.self, read.body)
            #expect(note.id == "groceries" && note.title == "Groceries" && note.body == "milk" && note.tags == ["home"])

            let replaced = try await client.execute(uri: "/notes/groceries", method: .put, body: noteJSON(title: "Groceries", body: "milk, eggs"))
            #expect(replaced.status == .ok)
            #expect(try decode(NoteDocument.self, try await client.execute(uri: "/notes/groceries", method: .get).body).body == "milk, eggs")

            #expect(try await client.execute(uri: "/notes/groceries", method: .delete).status == .noContent)
            #expect(try await client.execute(uri: "/notes/groceries", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/notes/groceries", method: .delete).status == .notFound)
        }
    }

    @Test("GET of a note never written is 404 naming it", arguments: storeSchemes)
    func missing(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let response = try await client.execute(uri: "/notes/nowhere", method: .get)
            #expect(response.status == .notFound)
            #expect(errorMessage(response.body).contains("there is no note 'nowhere'"))
        }
    }

    @Test("bad input is 400 with a message saying what is wrong; nothing is stored", arguments: storeSchemes)
    func badInput(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let cases: [(uri: String, body: String, message: String)] = [
                ("/notes/a", #"{"title": "unclosed"#, "the body is not valid JSON"),
                ("/notes/a", #"{"body": "no title"}"#, "the body has no 'title' field"),
                ("/notes/a", #"{"title": 42}"#, "the field 'title' must be a string"),
                ("/notes/a", #"{"title": "   "}"#, "the title is empty"),
                ("/notes/a", #"{"title": "t", "tags": [""]}"#, "the tag '' must have 1 to 40 characters"),
                ("/notes/not%20an%20id", #"{"title": "t"}"#, "may hold only ASCII letters"),
                ("/notes/live", #"{"title": "t"}"#, "the id 'live' is reserved"),
                ("/notes/export", #"{"title": "t"}"#, "the id 'export' is reserved"),
            ]
            for item in cases {
                let response = try await client.execute(uri: item.uri, method: .put, body: ByteBuffer(string: item.body))
                #expect(response.status == .badRequest, "\(item.body)")
                #expect(errorMessage(response.body).contains(item.message), "\(errorMessage(response.body))")
            }
            #expect(try await client.execute(uri: "/notes/a", method: .get).status == .notFound)
            let badLimit = try await client.execute(uri: "/notes?limit=0", method: .get)
            #expect(badLimit.status == .badRequest)
            #expect(errorMessage(badLimit.body).contains("limit must be a number from 1 to 1000"))
        }
    }

    @Test("a body past the size limit is 413 and is not stored", arguments: storeSchemes)
    func tooLarge(scheme: String) async throws {
        try await withRunningServer(scheme, maxNoteBytes: 1024) { client in
            let big = noteJSON(title: "big", body: String(repeating: "x", count: 2000))
            let refused = try await client.execute(uri: "/notes/big", method: .put, body: big)
            #expect(refused.status == .contentTooLarge)
            let missing = try await client.execute(uri: "/notes/big", method: .get)
            #expect(missing.status == .notFound)
            let fits = noteJSON(title: "fits", body: String(repeating: "x", count: 900))
            let stored = try await client.execute(uri: "/notes/big", method: .put, body: fits)
            #expect(stored.status == .created)
        }
    }

    @Test("60 notes page as 25 + 25 + 10 through next cursors, in id order, none twice or missing", arguments: storeSchemes)
    func paging(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let ids = (0..<60).map { String(format: "n%02d", $0) }
            for id in ids.shuffled() {
                #expect(try await client.execute(uri: "/notes/\(id)", method: .put, body: noteJSON(title: "note \(id)")).status == .created)
            }
            var seen: [String] = []
            var sizes: [Int] = []
            var uri = "/notes?limit=25"
            while true {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(response.status == .ok)
                let page = try decode(NotePage.self, response.body)
                sizes.append(page.notes.count)
                seen += page.notes.map(\.id)
                #expect(page.notes.allSatisfy { $0.title == "note \($0.id)" })
                guard let next = page.next else { break }
                #expect(next == page.notes.last?.id)
                uri = "/notes?limit=25&after=\(next)"
                if sizes.count > 3 { break }
            }
            #expect(sizes == [25, 25, 10])
            #expect(seen == ids)
        }
    }

    @Test("/metrics serves the store's transaction counters and the request counters", arguments: storeSchemes)
    func metrics(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            _ = try await client.execute(uri: "/notes/m", method: .put, body: noteJSON(title: "m"))
            _ = try await client.execute(uri: "/notes/m", method: .get)
            let response = try await client.execute(uri: "/metrics", method: .get)
            #expect(response.status == .ok)
            let text = String(buffer: response.body)
            let transactions = text.split(separator: "\n").filter { $0.hasPrefix("leasehold_transactions_total{") }
            #expect(transactions.contains { $0.contains(#"kind="write""#) && $0.contains(#"outcome="ok""#) })
            #expect(transactions.contains { $0.contains(#"kind="read""#) && $0.contains(#"outcome="ok""#) })
            #expect(text.contains("leasehold_transaction_duration"))
            #expect(text.contains("hb_requests"))
        }
    }
}
