import HostPatterns

/// The value of `proxy_jump` (inventory) and `-J` (command line), as OpenSSH's ProxyJump:
/// `none`, or bastions separated by commas, each an inventory host name or
/// `[user@]host[:port]`, the first reached directly and each next one through the one
/// before. Names are only checked for shape here; `BastionResolver` resolves them.
public enum ProxyJumpList {
    public struct ParseError: Error, Equatable {
        public let reason: String
    }

    /// The bastion names in order; empty for `none`. `noun` names what the list holds
    /// in messages (`gateway` lists have the same shape).
    public static func parse(_ value: String, noun: String = "bastion") throws(ParseError) -> [String] {
        let trimmed = value.trimmingWhitespace
        if trimmed.lowercased() == "none" { return [] }
        guard !trimmed.isEmpty else { throw ParseError(reason: "expected none or HOST[,HOST…]") }
        let names = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingWhitespace }
        for name in names { try check(name, noun) }
        return names
    }

    private static func check(_ name: String, _ noun: String) throws(ParseError) {
        guard !name.isEmpty else { throw ParseError(reason: "an empty \(noun) name (two commas, or one at an end)") }
        guard !name.contains(where: \.isWhitespace) else {
            throw ParseError(reason: "\(noun) '\(name)' has a space in it: separate \(noun)s with commas")
        }
        guard name.lowercased() != "none" else { throw ParseError(reason: "none must stand alone") }
        guard AdHocAddress(parsing: name) != nil else {
            throw ParseError(reason: "\(noun) '\(name)' is not [user@]host[:port] (port 1 to 65535)")
        }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
