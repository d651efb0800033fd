import Foundation
import Leasehold

/// Places orders for three customers, ships and pages through them, and checks each answer
/// against what it wrote.
struct OrderDemo {
    let book: OrderBook
    let url: String

    func run() throws {
        let shippedAt = Date(timeIntervalSinceReferenceDate: 786_000_000)
        var expected: [Int: Int] = [:]
        for customer in 1 ... 3 {
            for id in 1 ... 12 {
                let status: Order.Status = id % 5 == 0 ? .cancelled(reason: "out of stock") : .open
                let order = Order(item: "item \(id)", quantity: id % 4 + 1, cents: 250 * id, status: status,
                                  note: id == 7 ? "gift wrap" : nil)
                try book.place(order, customer: customer, id: id)
                if status == .open { expected[customer, default: 0] += order.cents }
            }
        }
        // Customer 2's first two open orders leave.
        try check(try book.ship(customer: 2, id: 1, at: shippedAt), "ship order 1")
        try check(try book.ship(customer: 2, id: 2, at: shippedAt), "ship order 2")
        try check(!(try book.ship(customer: 2, id: 5, at: shippedAt)), "a cancelled order does not ship")
        try check(try book.firstOpenOrder(of: 2) == 3, "customer 2's first open order is 3")

        var ids: [Int] = []
        var last: Int?
        var pages = 0
        while true {
            let page = try book.page(of: 2, after: last, size: 5)
            if page.isEmpty { break }
            ids += page.map(\.id)
            last = page.last?.id
            pages += 1
            if page.first?.id == 1 { try check(page[0].order.status == .shipped(shippedAt), "order 1 reads back shipped") }
        }
        try check(ids == Array(1 ... 12) && pages == 3, "pages of 5 list orders 1...12 in three pages")

        let revenue = try book.revenue()
        try check(revenue == expected, "revenue per customer")
        print("\(url): 36 orders, 2 shipped, pages \(pages), revenue \(revenue.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
    }

    func check(_ condition: Bool, _ what: String) throws {
        guard condition else { throw DemoFailure(what: what, url: url) }
    }
}

/// An answer of the order service that was not what it wrote.
struct DemoFailure: Error, CustomStringConvertible {
    let what: String
    let url: String
    var description: String { "\(url): wrong answer: \(what)" }
}
