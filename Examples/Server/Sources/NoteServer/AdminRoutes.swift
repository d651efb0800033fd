import Foundation
import Hummingbird

/// `POST /admin/import?count=N&batch=M` (only with `SERVER_ADMIN=1`): writes `count` notes
/// (`import-0000000`, …) through the async API in transactions of `batch` notes (default 1000),
/// and answers when they are committed with `{"imported": N, "seconds": S}`. For load tests:
/// other requests are served meanwhile.
struct AdminRoutes: Sendable {
    /// The notes.
    let notes: NoteStore

    /// The most notes one import writes, and the largest batch.
    static let maxCount = 10_000_000
    static let maxBatch = 100_000

    /// The result of an import.
    struct Imported: Codable, Sendable {
        /// How many notes were written.
        var imported: Int
        /// How long it took.
        var seconds: Double
    }

    /// Adds the route to `router`.
    func add(to router: Router<BasicRequestContext>) {
        router.post("admin/import") { request, _ in try await self.importNotes(request) }
    }

    private func importNotes(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let count = try Self.number(query.get("count"), name: "count", range: 1...Self.maxCount, default: nil)
        let batch = try Self.number(query.get("batch"), name: "batch", range: 1...Self.maxBatch, default: 1000)
        let clock = ContinuousClock()
        let start = clock.now
        let written = try await notes.importNotes(count: count, batch: batch)
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return try JSONBody.response(Imported(imported: written, seconds: seconds))
    }

    private static func number(_ text: String?, name: String, range: ClosedRange<Int>, default value: Int?) throws -> Int {
        guard let text else {
            if let value { return value }
            throw NoteRules.Violation("\(name) is required")
        }
        guard let number = Int(text), range.contains(number) else {
            throw NoteRules.Violation("\(name) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }
}
