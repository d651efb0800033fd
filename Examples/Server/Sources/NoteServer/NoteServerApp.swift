import Hummingbird
import Leasehold
import LeaseholdAsync
import LeaseholdLevelDB
import LeaseholdLMDB
import LeaseholdRocksDB
import Logging

/// Builds the note server: the store, the router with every route, the application.
public enum NoteServerApp {
    /// Registers the LMDB, RocksDB and LevelDB engines (`memory:` is built in); calling it again
    /// does nothing.
    public static func registerEngines() throws {
        try Engines.register(.lmdb)
        try Engines.register(.rocksdb)
        try Engines.register(.leveldb)
    }

    /// Opens the store at `url` for async use (`?readers=N` sets its reader threads), after
    /// registering the engines and bootstrapping the metrics; its transaction and lease metrics
    /// carry the label `store="notes"`.
    public static func openStore(_ url: String) throws -> AsyncStore<AnyEngine> {
        try registerEngines()
        ServerMetrics.bootstrap()
        return try AsyncStore.open(url, options: AsyncStoreOptions(metricsLabel: "notes"))
    }

    /// The router of the app over `store`: `/notes`, `/notes/:id`, `/notes/live`, `/notes/export`,
    /// `/metrics`, and `/admin/import` when `configuration.admin` is set.
    public static func router(
        store: AsyncStore<AnyEngine>, configuration: ServerConfiguration
    ) -> Router<BasicRequestContext> {
        ServerMetrics.bootstrap()
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(MetricsMiddleware())
        router.middlewares.add(NoteErrorMiddleware())
        let notes = NoteStore(store: store)
        let engineLimit = store.engine.capabilities.maxValueSize ?? Int.max
        NoteRoutes(notes: notes, maxBodyBytes: min(configuration.maxNoteBytes, engineLimit)).add(to: router)
        LiveRoute(store: store).add(to: router)
        ExportRoute(notes: notes).add(to: router)
        if configuration.admin { AdminRoutes(notes: notes).add(to: router) }
        router.get("metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: ServerMetrics.exposition())))
        }
        return router
    }

    /// The application over `store`, listening where `configuration` says; `onRunning` gets the
    /// port it bound (the one picked when the configured port is 0).
    public static func application(
        store: AsyncStore<AnyEngine>, configuration: ServerConfiguration,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        var logger = Logger(label: "note-server")
        logger.logLevel = .warning
        return Application(
            router: router(store: store, configuration: configuration),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "note-server"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
