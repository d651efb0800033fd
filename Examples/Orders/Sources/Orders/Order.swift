import Foundation

/// One order of a customer, stored as a tuple under `("orders", customer, id)`.
struct Order: Codable, Equatable {
    /// Where the order stands; the shipped case carries the time it left.
    enum Status: Codable, Equatable {
        case open
        case shipped(Date)
        case cancelled(reason: String)
    }

    var item: String
    var quantity: Int
    /// The price of the whole order, in cents.
    var cents: Int
    var status: Status
    /// Left out by most orders.
    var note: String?
}
