import Foundation
import NoteServer

// note-server: serves the notes of LEASEHOLD_STORE (default lmdb:./server-data) on HOST:PORT
// (default 127.0.0.1:8080; PORT=0 picks a free port). Prints "listening on HOST:PORT" once the
// port is bound, runs until SIGINT or SIGTERM, then closes the store.

do {
    let configuration = try ServerConfiguration.fromEnvironment()
    let store = try NoteServerApp.openStore(configuration.store)
    let app = NoteServerApp.application(store: store, configuration: configuration) { port in
        // Unbuffered, so a script reading a pipe sees the line at once.
        FileHandle.standardOutput.write(Data("listening on \(configuration.host):\(port)\n".utf8))
    }
    try await app.runService()
    try await store.close()
} catch {
    FileHandle.standardError.write(Data("note-server: \(error)\n".utf8))
    exit(1)
}
