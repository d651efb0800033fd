import Foundation
import Hummingbird
import HummingbirdTesting
import NoteServer
import Testing

@Suite("Bulk import and configuration", .serialized)
struct AdminAndConfigurationTests {
    @Test("POST /admin/import writes count notes in batches; they page back and export in order", arguments: storeSchemes)
    func bulkImport(scheme: String) async throws {
        try await withRunningServer(scheme) { client in
            let response = try await client.execute(uri: "/admin/import?count=2500&batch=1000", method: .post)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains(#""imported":2500"#))
            let first = try decode(NotePage.self, try await client.execute(uri: "/notes?limit=1000", method: .get).body)
            #expect(first.notes.first?.id == "import-0000000" && first.next == "import-0000999")
            let last = try decode(NotePage.self, try await client.execute(uri: "/notes?limit=1000&after=import-0001999", method: .get).body)
            #expect(last.notes.count == 500 && last.notes.last?.id == "import-0002499" && last.next == nil)
            let refused = try await client.execute(uri: "/admin/import?count=0", method: .post)
            #expect(refused.status == .badRequest)

            // The export streams them all (five batches of 512), one JSON line each, in id order.
            let export = try await client.execute(uri: "/notes/export", method: .get)
            #expect(export.status == .ok)
            let lines = String(buffer: export.body).split(separator: "\n")
            let ids = try lines.map { try decode(NoteDocument.self, ByteBuffer(string: String($0))).id }
            #expect(ids == (0..<2500).map(NoteStore.importedId))
        }
    }

    @Test("the environment sets the store, port and limits; a bad value names the variable")
    func environment() throws {
        let configuration = try ServerConfiguration.fromEnvironment(
            ["LEASEHOLD_STORE": "memory:", "PORT": "0", "MAX_NOTE_BYTES": "512", "SERVER_ADMIN": "1"])
        #expect(configuration == ServerConfiguration(store: "memory:", port: 0, maxNoteBytes: 512, admin: true))
        #expect(try ServerConfiguration.fromEnvironment([:]) == ServerConfiguration())
        #expect(try ServerConfiguration.fromEnvironment([:]).store == "lmdb:./server-data")
        let invalid = #expect(throws: ServerConfiguration.Invalid.self) {
            try ServerConfiguration.fromEnvironment(["PORT": "http"])
        }
        #expect(invalid?.description == "PORT=http: expected a port number from 0 to 65535")
        #expect(throws: ServerConfiguration.Invalid.self) { try ServerConfiguration.fromEnvironment(["SERVER_ADMIN": "yes"]) }
    }
}
