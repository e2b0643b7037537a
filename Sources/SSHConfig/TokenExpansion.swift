#if canImport(Glibc)
import Glibc
#endif

/// `~`, `%` tokens and `${NAME}` in paths, as ssh expands IdentityFile,
/// UserKnownHostsFile and IdentityAgent (`tilde_expand_filename`, then
/// `percent_dollar_expand` with ssh's client tokens). Done at resolve time: the tokens
/// need the final host, user and port.
struct TokenExpansion {
    /// Token letter → replacement: d u h r p n i l L k (and `%%`). `%C` (a hash of
    /// several of these) is the one ssh token Chorus does not provide.
    let tokens: [UInt8: String]
    let home: String

    enum Problem: Error {
        case unknownToken(String)
        case unsupportedToken(String)
        case trailingPercent
        case environment(String)
        case noSuchUser(String)
    }

    /// `~` then tokens then `${}`, as ssh does for IdentityFile and the rest.
    func expandPath(_ text: String) throws(Problem) -> String {
        try expand(try tilde(text), dollar: true)
    }

    /// `tilde_expand`: `~` and `~/…` → the home with a slash; `~user/…` → that user's.
    func tilde(_ text: String) throws(Problem) -> String {
        guard text.hasPrefix("~") else { return text }
        let after = text.dropFirst()
        let slash = after.firstIndex(of: "/")
        let user = slash.map { after[..<$0] } ?? after
        let path = slash.map { after[$0...].drop { $0 == "/" } } ?? ""
        var folder = home
        if !user.isEmpty {
            guard let entry = getpwnam(String(user)), let directory = entry.pointee.pw_dir else {
                throw .noSuchUser(String(user))
            }
            folder = String(cString: directory)
        }
        return folder + (folder.hasSuffix("/") ? "" : "/") + path
    }

    /// `%x` → its token (an unknown one is an error, as ssh refuses it), and with
    /// `dollar`, `${NAME}` → the environment variable (unset is an error, as in ssh).
    func expand(_ text: String, dollar: Bool) throws(Problem) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if dollar, bytes[i] == UInt8(ascii: "$"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "{") {
                let (value, end) = try environment(bytes, from: i + 2)
                out += value.utf8
                i = end + 1
                continue
            }
            guard bytes[i] == UInt8(ascii: "%") else { out.append(bytes[i]); i += 1; continue }
            guard i + 1 < bytes.count else { throw .trailingPercent }
            out += Array(try token(bytes[i + 1]).utf8)
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func token(_ letter: UInt8) throws(Problem) -> String {
        if letter == UInt8(ascii: "%") { return "%" }
        if let value = tokens[letter] { return value }
        let name = "%" + String(decoding: [letter], as: UTF8.self)
        throw letter == UInt8(ascii: "C") ? .unsupportedToken(name) : .unknownToken(name)
    }

    /// The value of `${NAME}` whose name starts at `start`, and the index of its `}`.
    private func environment(_ bytes: [UInt8], from start: Int) throws(Problem) -> (String, Int) {
        guard let close = bytes[start...].firstIndex(of: UInt8(ascii: "}")) else {
            throw .environment("'${' without its closing '}'")
        }
        let name = String(decoding: bytes[start..<close], as: UTF8.self)
        guard !name.isEmpty else { throw .environment("an empty ${} name") }
        guard let value = getenv(name) else { throw .environment("${\(name)} is not set") }
        return (String(cString: value), close)
    }

    /// What ssh finds wrong with the `${…}` of a value at read time, or nil.
    static func dollarSyntaxProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == UInt8(ascii: "$"), bytes[i + 1] == UInt8(ascii: "{") else { i += 1; continue }
            guard let close = bytes[(i + 2)...].firstIndex(of: UInt8(ascii: "}")) else { return "'${' without its closing '}'" }
            if close == i + 2 { return "an empty ${} name" }
            i = close + 1
        }
        return nil
    }
}

extension TokenExpansion.Problem {
    var message: String {
        switch self {
        case .unknownToken(let token): "unknown token \(token) (write %% for a literal %)"
        case .unsupportedToken(let token): "token \(token) is not supported by chorus"
        case .trailingPercent: "a lone % at the end (write %% for a literal %)"
        case .environment(let problem): problem
        case .noSuchUser(let user): "no such user '\(user)' for ~\(user)"
        }
    }
}
