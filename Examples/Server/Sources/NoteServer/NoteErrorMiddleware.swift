import Hummingbird
import Leasehold

/// Turns the app's typed errors into HTTP answers with a message: a ``NoteRules/Violation`` is
/// `400`, a value past the engine's limit `413`, a key past it `400`. Other errors pass on (the
/// router answers `500` for what it does not know).
struct NoteErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let violation as NoteRules.Violation {
            throw HTTPError(.badRequest, message: violation.message)
        } catch LeaseholdError.valueTooLarge(let size, let limit) {
            throw HTTPError(.contentTooLarge, message: "the note takes \(size) bytes; this store keeps at most \(limit)")
        } catch LeaseholdError.keyTooLarge(let size, let limit) {
            throw HTTPError(.badRequest, message: "the note's key takes \(size) bytes; this store keeps at most \(limit)")
        }
    }
}
