import Foundation
import Leasehold

/// The order service: every read and write goes through one store, picked by URL.
struct OrderBook {
    let store: AnyEngine

    /// The key of an order.
    static func key(customer: Int, id: Int) -> Key { Key("orders", customer, id) }

    /// The range of one customer's orders, in id order.
    static func orders(of customer: Int) -> KeyRange { Key("orders", customer).range }

    /// Stores `order` (replacing any order of that id).
    func place(_ order: Order, customer: Int, id: Int) throws {
        try store.write { txn in try txn.put(Self.key(customer: customer, id: id), order) }
    }

    /// Marks an open order shipped at `date`; returns whether there was an open order to ship.
    func ship(customer: Int, id: Int, at date: Date) throws -> Bool {
        try store.write { txn in
            let key = Self.key(customer: customer, id: id)
            guard var order = try txn.get(key, as: Order.self), order.status == .open else { return false }
            order.status = .shipped(date)
            try txn.put(key, order)
            return true
        }
    }

    /// One page of a customer's orders: up to `size` after the order id `after` (from the first
    /// when `nil`), with their ids.
    func page(of customer: Int, after: Int?, size: Int) throws -> [(id: Int, order: Order)] {
        let all = Self.orders(of: customer)
        let range = after.map { all.after(Self.key(customer: customer, id: $0)) } ?? all
        return try store.read { txn in
            var page: [(id: Int, order: Order)] = []
            for record in try txn.records(range, as: Order.self, limit: size) {
                page.append((try record.key[2, as: Int.self], try record.value))
            }
            return page
        }
    }

    /// The id of the customer's first order that is still open, reading no further than it.
    func firstOpenOrder(of customer: Int) throws -> Int? {
        try store.read { txn in
            for record in try txn.records(Self.orders(of: customer), as: Order.self) {
                if try record.value.status == .open { return try record.key[2, as: Int.self] }
            }
            return nil
        }
    }

    /// Revenue per customer over every order not cancelled, in one typed scan.
    func revenue() throws -> [Int: Int] {
        try store.read { txn in
            var revenue: [Int: Int] = [:]
            try txn.scan(Key("orders").range, as: Order.self) { key, order in
                if case .cancelled = order.status { return }
                revenue[try key[1, as: Int.self], default: 0] += order.cents
            }
            return revenue
        }
    }
}
