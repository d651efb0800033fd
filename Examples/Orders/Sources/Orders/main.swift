import Foundation
import Leasehold
import LeaseholdLMDB
import LeaseholdRocksDB

// orders URL...: runs the order service on each store URL (default: memory:) and checks every
// answer; exits 1 on the first wrong one.

let urls = CommandLine.arguments.dropFirst().isEmpty ? ["memory:"] : Array(CommandLine.arguments.dropFirst())
do {
    try Engines.register(.lmdb)
    try Engines.register(.rocksdb)
    for url in urls {
        let store = try Engines.open(url)
        defer { try? store.close() }
        try OrderDemo(book: OrderBook(store: store), url: url).run()
    }
} catch {
    print("orders: \(error)")
    exit(1)
}
