/// The address of a store: `scheme:location?option=value&…`.
///
/// Examples: `memory:`, `lmdb:./data`, `lmdb:/var/lib/app?mapSize=1GiB&noSync=true`,
/// `etcd://10.0.0.1:2379,10.0.0.2:2379/app?prefix=svc`. The scheme picks the engine in an
/// ``EngineRegistry``; the location is the engine's business (a directory for the embedded
/// engines, endpoints for a network engine); the query items are the engine's options.
///
/// The location is taken as written, up to the first `?` (so a path may contain spaces or `%`);
/// option names and values are percent-decoded, so a value may contain `&`, `=` or `?` as
/// `%26`, `%3D`, `%3F`. An option written without `=` (`?noSync`) has the value `""`, which a
/// Boolean option reads as `true`.
public struct StoreURL: Sendable, Hashable, CustomStringConvertible {
    /// One `name=value` option of the query.
    public struct QueryItem: Sendable, Hashable {
        /// The option's name, percent-decoded.
        public var name: String
        /// The option's value, percent-decoded (`""` when written without `=`).
        public var value: String

        /// An option.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The engine's scheme, lowercased, without the colon: `"lmdb"`.
    public var scheme: String
    /// Everything between the colon and the query, as written: `"./data"`, `"//host:2379/app"`.
    public var location: String
    /// The options, in the order written.
    public var queryItems: [QueryItem]

    /// Reads a store URL. Throws ``LeaseholdError/invalidArgument(_:)`` when `string` has no
    /// scheme (`scheme:` with a letter first, then letters, digits, `+`, `-` or `.`).
    public init(_ string: String) throws(LeaseholdError) {
        guard let colon = string.firstIndex(of: ":") else {
            throw .invalidArgument("'\(string)' is not a store URL: write scheme:location, e.g. memory: or lmdb:./data")
        }
        let scheme = string[..<colon]
        guard let first = scheme.unicodeScalars.first, ("a" ... "z").contains(first.lowercasedScalar),
              scheme.unicodeScalars.allSatisfy({ Self.isSchemeScalar($0) })
        else {
            throw .invalidArgument("'\(string)' is not a store URL: the scheme '\(scheme)' must be letters, digits, '+', '-' or '.', starting with a letter")
        }
        self.scheme = scheme.lowercased()
        let rest = string[string.index(after: colon)...]
        if let question = rest.firstIndex(of: "?") {
            location = String(rest[..<question])
            queryItems = try Self.parseQuery(rest[rest.index(after: question)...], in: string)
        } else {
            location = String(rest)
            queryItems = []
        }
    }

    /// A URL from its parts.
    public init(scheme: String, location: String, queryItems: [QueryItem] = []) {
        self.scheme = scheme.lowercased()
        self.location = location
        self.queryItems = queryItems
    }

    /// The authority of a location written `//authority/path` (host and port lists of a network
    /// engine), or `nil` when the location does not start with `//`.
    public var authority: String? {
        guard location.hasPrefix("//") else { return nil }
        let afterSlashes = location.dropFirst(2)
        return String(afterSlashes.prefix { $0 != "/" })
    }

    /// The path of the location: the location itself, or what follows the authority
    /// (`lmdb:///tmp/x` and `lmdb:/tmp/x` both give `/tmp/x`).
    public var path: String {
        guard let authority else { return location }
        return String(location.dropFirst(2 + authority.utf8.count))
    }

    /// The value of the option `name`, if given (the last one, if given twice).
    public func value(of name: String) -> String? {
        queryItems.last { $0.name == name }?.value
    }

    /// This URL with its path replaced (the authority and the options kept).
    public func replacingPath(_ path: String) -> StoreURL {
        var copy = self
        copy.location = authority.map { "//" + $0 + path } ?? path
        return copy
    }

    /// This URL with the option `name` set to `value` (replacing any value it had).
    public func settingOption(_ name: String, to value: String) -> StoreURL {
        var copy = self
        copy.queryItems.removeAll { $0.name == name }
        copy.queryItems.append(QueryItem(name: name, value: value))
        return copy
    }

    /// The URL as it would be written (options percent-encoded where needed).
    public var description: String {
        var text = scheme + ":" + location
        if !queryItems.isEmpty {
            text += "?" + queryItems.map { $0.value.isEmpty ? Self.encode($0.name) : Self.encode($0.name) + "=" + Self.encode($0.value) }.joined(separator: "&")
        }
        return text
    }

    static func isSchemeScalar(_ s: Unicode.Scalar) -> Bool {
        ("a" ... "z").contains(s.lowercasedScalar) || ("0" ... "9").contains(s) || s == "+" || s == "-" || s == "."
    }

    static func parseQuery(_ query: Substring, in string: String) throws(LeaseholdError) -> [QueryItem] {
        var items: [QueryItem] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring, value: Substring
            if let equals = part.firstIndex(of: "=") {
                name = part[..<equals]
                value = part[part.index(after: equals)...]
            } else {
                name = part
                value = ""
            }
            guard let decodedName = decode(name), let decodedValue = decode(value), !decodedName.isEmpty else {
                throw .invalidArgument("'\(string)': bad option '\(part)' (write name=value, with %XX escapes only where needed)")
            }
            items.append(QueryItem(name: decodedName, value: decodedValue))
        }
        return items
    }

    /// Percent-decodes `text` (`+` stays a plus); `nil` for a bad escape or invalid UTF-8.
    static func decode(_ text: Substring) -> String? {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = text.utf8[...]
        while let byte = utf8.popFirst() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            let pair = String(decoding: utf8.prefix(2), as: UTF8.self)
            guard pair.count == 2, pair.allSatisfy(\.isHexDigit), let escaped = UInt8(pair, radix: 16) else { return nil }
            utf8 = utf8.dropFirst(2)
            bytes.append(escaped)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Percent-encodes the characters that would end or split an option.
    static func encode(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%", "&", "=", "?", "#", " ": out += "%" + String(scalar.value, radix: 16, uppercase: true)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    fileprivate var lowercasedScalar: Unicode.Scalar {
        ("A" ... "Z").contains(self) ? Unicode.Scalar(value + 32)! : self
    }
}
