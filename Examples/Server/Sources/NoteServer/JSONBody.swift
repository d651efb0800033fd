import Foundation
import Hummingbird

/// JSON in and out of the routes: ISO 8601 dates, sorted keys, and decoding errors turned into
/// a ``NoteRules/Violation`` that says what is wrong with the body.
enum JSONBody {
    /// A `200` (or `status`) response carrying `value` as JSON.
    static func response(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    /// `value` as JSON bytes.
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    /// Decodes a `T` from `buffer`; a body that is not the JSON of a `T` throws a
    /// ``NoteRules/Violation`` naming the problem.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as DecodingError {
            throw NoteRules.Violation(describe(error))
        }
    }

    /// One sentence about a decoding error, naming the field.
    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _):
            return "the body has no '\(key.stringValue)' field"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "the field '\(path(context))' must be \(type == String.self ? "a string" : "of type \(type)")"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON"
                : "the field '\(path(context))' is malformed: \(context.debugDescription)"
        @unknown default:
            return "the body is not a note in JSON"
        }
    }
}
