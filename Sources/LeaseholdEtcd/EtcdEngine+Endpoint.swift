#if Etcd
import Foundation
import Leasehold

extension EtcdEngine.Endpoint {
    /// Parses `host:port` (`[v6-address]:port` for IPv6; the port defaults to 2379).
    public init(parsing text: some StringProtocol) throws {
        let text = String(text)
        var host = Substring(text)
        var port = 2379
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': missing ']'")
            }
            host = text[text.index(after: text.startIndex) ..< close]
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()) else {
                    throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': expected [address]:port")
                }
                port = p
            }
        } else if let colon = text.lastIndex(of: ":") {
            guard let p = Int(text[text.index(after: colon)...]) else {
                throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': the port is not a number")
            }
            host = text[..<colon]
            port = p
        }
        guard !host.isEmpty, (1 ... 65535).contains(port) else {
            throw LeaseholdError.invalidArgument("etcd endpoint '\(text)': expected host:port with a port in 1...65535")
        }
        self.init(host: String(host), port: port)
    }

    /// Parses a comma-separated list of endpoints.
    public static func list(_ text: String) throws -> [Self] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
            throw LeaseholdError.invalidArgument("etcd endpoints '\(text)': expected host:port[,host:port…]")
        }
        return try parts.map { try Self(parsing: $0) }
    }
}
#endif
