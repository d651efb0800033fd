import Hummingbird
import Leasehold
import LeaseholdAsync
import ServiceLifecycle

/// `GET /notes/live`: server-sent events fed by the store's change feed, one per changed note
/// (see ``LiveEvent``), until the client goes away or the server shuts down.
///
/// A `Last-Event-ID` header (or `?after=N`) resumes after that commit from the store's recent
/// history; a resume point older than the history is `410 Gone` (reload with `GET /notes`). The
/// stream opens with a comment line, sent once the feed is subscribed: a client that has read it
/// sees every later commit. A consumer that falls too far behind has its stream ended; it
/// reconnects with its last event id.
struct LiveRoute: Sendable {
    /// The store whose commits are streamed.
    let store: AsyncStore<AnyEngine>

    /// Adds the route to `router`.
    func add(to router: Router<BasicRequestContext>) {
        router.get("notes/live") { request, _ in try await self.live(request) }
    }

    private func live(_ request: Request) async throws -> Response {
        let after = try Self.resumePoint(request)
        let feed: ChangeFeed
        do {
            feed = try await store.changes(in: NoteStore.range, after: after)
        } catch LeaseholdError.historyUnavailable(let after, let oldest) {
            throw HTTPError(
                .gone, message: "the feed cannot resume after \(after): its history starts at \(oldest); reload with GET /notes")
        }
        let opening = ": subscribed after \(after.map { String($0.rawValue) } ?? "now")\n\n"
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                try await writer.write(ByteBuffer(string: opening))
                do {
                    try await request.body.consumeWithInboundCloseHandler { _ in
                        // Shutting down ends the feed, and so the stream.
                        try await withGracefulShutdownHandler {
                            for try await commit in feed {
                                try await writer.write(ByteBuffer(string: try LiveEvent.stream(of: commit)))
                            }
                        } onGracefulShutdown: {
                            feed.cancel()
                        }
                    } onInboundClosed: {
                        feed.cancel()
                    }
                } catch LeaseholdError.feedFellBehind {
                    // The client reconnects with its last event id.
                } catch is CancellationError {
                    // The client left or the server is shutting down.
                }
                feed.cancel()
                try await writer.finish(nil)
            })
    }

    /// The commit to resume after: `Last-Event-ID`, else `?after=`, else `nil` (from now).
    private static func resumePoint(_ request: Request) throws -> CommitSequence? {
        let header = request.headers.first { $0.name.canonicalName == "last-event-id" }?.value
        let text = header ?? request.uri.queryParameters.get("after")
        guard let text, !text.isEmpty else { return nil }
        guard let number = UInt64(text) else {
            throw NoteRules.Violation("the last event id must be a commit number, not '\(text)'")
        }
        return CommitSequence(number)
    }
}
