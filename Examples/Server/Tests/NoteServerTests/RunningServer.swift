import Foundation
import Hummingbird
import HummingbirdTesting
import NoteServer

/// The stores every test runs on: one URL scheme each, a fresh store per test.
let storeSchemes = ["memory:", "lmdb:", "rocksdb:"]

/// Runs `body` against the app on a real port (HummingbirdTesting's `.live` mode: a real server
/// and a real HTTP/1.1 client), over a fresh store of `scheme` in a scratch folder; closes the
/// store and removes the folder afterwards.
func withRunningServer(
    _ scheme: String, maxNoteBytes: Int = 4096,
    _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("note-server-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    let url = scheme == "memory:" ? scheme : scheme + folder.appendingPathComponent("store").path
    let store = try NoteServerApp.openStore(url)
    let configuration = ServerConfiguration(store: url, port: 0, maxNoteBytes: maxNoteBytes, admin: true)
    do {
        try await NoteServerApp.application(store: store, configuration: configuration).test(.live, body)
    } catch {
        try? await store.close()
        throw error
    }
    try await store.close()
}

/// A `PUT /notes/:id` body.
func noteJSON(title: String, body: String = "", tags: [String] = []) -> ByteBuffer {
    let tagList = tags.map { "\"\($0)\"" }.joined(separator: ",")
    return ByteBuffer(string: #"{"title":"\#(title)","body":"\#(body)","tags":[\#(tagList)]}"#)
}

/// Decodes a JSON response body as the app writes it (ISO 8601 dates).
func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) throws -> T {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return try decoder.decode(T.self, from: Data(body.readableBytesView))
}

/// The error message of an HTTPError answer (`{"error":{"message":…}}`).
func errorMessage(_ body: ByteBuffer) -> String { String(buffer: body) }
