/// A host typed by address rather than taken from the inventory: `host`,
/// `user@host`, `host:port`, `user@host:port`, `[v6]:port`, `user@[v6addr]:port`.
public struct AdHocAddress: Equatable, Sendable {
    public var user: String?
    public var host: String
    public var port: Int?

    public init(user: String? = nil, host: String, port: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
    }

    /// Reads a name as an address, or nil when it is not a usable one (empty host or
    /// user, a port that is not 1…65535, a bare IPv6 address with a port and no brackets).
    public init?(parsing name: String) {
        var rest = Substring(name)
        if let at = rest.lastIndex(of: "@") {
            let user = rest[..<at]
            guard !user.isEmpty else { return nil }
            self.user = String(user)
            rest = rest[rest.index(after: at)...]
        }
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.isEmpty || rest.first == ":" else { return nil }
        } else if rest.filter({ $0 == ":" }).count > 1 {
            host = String(rest)  // a bare IPv6 address: no port possible
            rest = ""
        } else {
            let colon = rest.firstIndex(of: ":") ?? rest.endIndex
            host = String(rest[..<colon])
            rest = rest[colon...]
        }
        guard !host.isEmpty else { return nil }
        if rest.first == ":" {
            guard let port = Int(rest.dropFirst()), (1...65535).contains(port) else { return nil }
            self.port = port
        }
    }

    /// `user@[v6]:port` (or `[v6]`, `[v6]:port`) as a whole pattern operand: brackets
    /// holding a `:` are an IPv6 address, never a range (a range never holds `:`).
    static func bracketedOperand(_ text: Substring) -> Substring? {
        guard let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]"), open < close else { return nil }
        let user = text[..<open]
        guard user.isEmpty || (user.count > 1 && user.last == "@") else { return nil }
        let inside = text[text.index(after: open)..<close]
        guard inside.contains(":"), inside.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "%" || $0.isLetter || $0.isNumber })
        else { return nil }
        let after = text[text.index(after: close)...]
        guard after.isEmpty || (after.first == ":" && after.count > 1 && after.dropFirst().allSatisfy(\.isASCIIDigit))
        else { return nil }
        return text
    }
}
