/// `ProxyJump` as readconf.c's `parse_jump` reads it: the raw rest of the line, a `#`
/// and what follows dropped, `none`, or hops separated by commas, each
/// `[user@]host[:port]` or an `ssh://` address; a hop ssh would refuse is an error.
enum ProxyJumpParser {
    static func parse(_ raw: String, origin: SSHConfigOrigin) throws(SSHConfigError) -> SSHProxyJump {
        var text = Substring(raw)
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        while let last = text.last, last == " " || last == "\t" { text = text.dropLast() }
        if text.lowercased() == "none" { return .none }
        let hops = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for hop in hops where !isValidHop(hop) {
            throw SSHConfigError(origin, "invalid ProxyJump '\(text)': bad hop '\(hop)'")
        }
        return .hops(hops)
    }

    /// `parse_user_host_port`: a user (if any) before the last `@`, a host, an optional
    /// port from 1 to 65535.
    static func isValidHop(_ hop: String) -> Bool {
        if hop.hasPrefix("ssh://") { return hop.count > 6 }
        var rest = Substring(hop)
        if let at = rest.lastIndex(of: "@") {
            guard at != rest.startIndex else { return false }
            rest = rest[rest.index(after: at)...]
        }
        let (host, port) = hostAndPort(rest)
        guard let host, !host.isEmpty else { return false }
        guard let port, !port.isEmpty else { return true }
        return (ValueParsers.port(String(port)) ?? 0) > 0
    }

    /// `hpdelim`: `[v6]` or up to the first `:`/`/`; nil host for an unclosed `[`.
    private static func hostAndPort(_ text: Substring) -> (Substring?, Substring?) {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return (nil, nil) }
            let after = text[text.index(after: close)...]
            guard after.isEmpty || after.hasPrefix(":") || after.hasPrefix("/") else { return (nil, nil) }
            return (text[text.index(after: text.startIndex)..<close], after.isEmpty ? nil : after.dropFirst())
        }
        guard let split = text.firstIndex(where: { $0 == ":" || $0 == "/" }) else { return (text, nil) }
        return (text[..<split], text[text.index(after: split)...])
    }
}
