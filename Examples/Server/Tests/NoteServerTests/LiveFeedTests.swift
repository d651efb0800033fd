import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NoteServer
import Testing

/// One server-sent event as a client parses it.
struct SentEvent: Sendable, Equatable {
    var event = ""
    var data = ""
    var id: String?
}

/// Reads server-sent events from a streamed response body, one at a time.
struct EventReader {
    var body: HTTPClientResponse.Body.AsyncIterator
    var buffer = ""
    /// Whether the opening comment (sent once the feed is subscribed) has been read.
    var subscribed = false

    /// The next event (comments are skipped and mark the stream subscribed); `nil` at the end.
    mutating func next() async throws -> SentEvent? {
        while true {
            if let end = buffer.range(of: "\n\n") {
                let block = buffer[..<end.lowerBound]
                buffer.removeSubrange(..<end.upperBound)
                var event = SentEvent()
                var isEvent = false
                for line in block.split(separator: "\n") {
                    if line.hasPrefix(":") { subscribed = true; continue }
                    isEvent = true
                    if line.hasPrefix("event: ") { event.event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { event.data = String(line.dropFirst(6)) }
                    if line.hasPrefix("id: ") { event.id = String(line.dropFirst(4)) }
                }
                if isEvent { return event }
                if subscribed { return SentEvent(event: "subscribed") }
                continue
            }
            guard let chunk = try await body.next() else { return nil }
            buffer += String(buffer: chunk)
        }
    }
}

/// Runs `body` or throws when it takes longer than `seconds`.
func within<T: Sendable>(_ seconds: Int, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TimedOut(seconds: seconds)
        }
        return value
    }
}

/// A test step that did not finish in time.
struct TimedOut: Error { let seconds: Int }

@Suite("The live feed over HTTP", .serialized)
struct LiveFeedTests {
    /// Opens `GET /notes/live` on `port` and returns the reader once the stream says it is subscribed.
    static func subscribe(port: Int, lastEventID: String? = nil) async throws -> EventReader {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/notes/live")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        #expect(response.status == .ok)
        #expect(response.headers["content-type"].first == "text/event-stream")
        var reader = EventReader(body: response.body.makeAsyncIterator())
        let opening = try await reader.next()
        #expect(opening?.event == "subscribed")
        return reader
    }

    /// The next `count` events of `reader`, failing after 10 s.
    static func events(_ count: Int, from reader: EventReader) async throws -> [SentEvent] {
        nonisolated(unsafe) var reader = reader
        return try await within(10) {
            var events: [SentEvent] = []
            while events.count < count, let event = try await reader.next() { events.append(event) }
            return events
        }
    }

    @Test("a subscriber sees another request's PUT then DELETE, in order, and resumes after Last-Event-ID", arguments: storeSchemes)
    func putThenDelete(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let port = try #require(client.port)
            let reader = try await Self.subscribe(port: port)
            #expect(try await client.execute(uri: "/notes/watched", method: .put, body: noteJSON(title: "Watched", tags: ["live"])).status == .created)
            #expect(try await client.execute(uri: "/notes/watched", method: .delete).status == .noContent)

            let events = try await Self.events(2, from: reader)
            try #require(events.count == 2)
            #expect(events.map(\.event) == ["put", "delete"])
            let put = try decode(LiveEvent.self, ByteBuffer(string: events[0].data))
            let delete = try decode(LiveEvent.self, ByteBuffer(string: events[1].data))
            #expect(put.id == "watched" && put.note?.title == "Watched" && put.note?.tags == ["live"])
            #expect(delete.id == "watched" && delete.note == nil)
            #expect(put.sequence < delete.sequence)
            #expect(events.map(\.id) == [String(put.sequence), String(delete.sequence)])

            // A client that saw the PUT reconnects: the DELETE comes again, then what follows.
            let resumed = try await Self.subscribe(port: port, lastEventID: events[0].id)
            #expect(try await client.execute(uri: "/notes/later", method: .put, body: noteJSON(title: "Later")).status == .created)
            let replay = try await Self.events(2, from: resumed)
            try #require(replay.count == 2)
            #expect(replay[0] == events[1])
            #expect(replay[1].event == "put")
            #expect(try decode(LiveEvent.self, ByteBuffer(string: replay[1].data)).id == "later")
        }
    }

    @Test("a Last-Event-ID that is not a commit number is 400", arguments: ["memory:"])
    func badLastEventID(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(try #require(client.port))/notes/live")
            request.headers.add(name: "Last-Event-ID", value: "yesterday")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            #expect(response.status == .badRequest)
            let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
            #expect(body.contains("must be a commit number, not 'yesterday'"))
        }
    }
}
