import Foundation

/// What a run of the suite left in the report file: one JSON line per event, written by the
/// conformance library as each case starts and ends (and a `planned` line per engine: every case
/// in every variant).
struct ConformanceRun {
    struct Event: Decodable {
        var event: String
        var engine: String
        var name: String?
        var variant: String?
        var message: String?
        var count: Int?
    }

    /// A case that finished, with its outcome (`passed`, `failed`, `skipped`).
    struct Result {
        var engine: String
        var name: String
        var variant: String
        var outcome: String
        var message: String?
    }

    /// Every case that finished, sorted by engine, name and variant.
    var results: [Result] = []
    /// Cases that started and never finished: running when the test process died.
    var unfinished: [(engine: String, name: String, variant: String)] = []
    /// Cases the suite holds that neither finished nor started.
    var neverRan = 0

    init(reading url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        let decoder = JSONDecoder()
        var planned = 0
        var started: [String: (engine: String, name: String, variant: String)] = [:]
        for line in text.split(separator: "\n") {
            guard let e = try? decoder.decode(Event.self, from: Data(line.utf8)) else { continue }
            if e.event == "planned" {
                planned += e.count ?? 0
                continue
            }
            guard let name = e.name, let variant = e.variant else { continue }
            let id = "\(e.engine) \(name) \(variant)"
            if e.event == "started" {
                started[id] = (e.engine, name, variant)
            } else {
                started[id] = nil
                results.append(Result(engine: e.engine, name: name, variant: variant, outcome: e.event, message: e.message))
            }
        }
        results.sort { ($0.engine, $0.name, $0.variant) < ($1.engine, $1.name, $1.variant) }
        unfinished = started.values.sorted { ($0.engine, $0.name, $0.variant) < ($1.engine, $1.name, $1.variant) }
        neverRan = max(0, planned - results.count - unfinished.count)
    }

    /// How many finished with `outcome`.
    func count(_ outcome: String) -> Int { results.count { $0.outcome == outcome } }
}
