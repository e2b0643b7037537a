/// The values of keywords Chorus ignores are still checked where ssh's check is simple
/// (a yes/no flag, a word from a list, a number, a time), so a file ssh refuses is
/// refused here too instead of half-read. Keywords with richer values (algorithm lists,
/// forwardings, paths) are not checked: Chorus ignores them or warns about them.
enum IgnoredValueCheck {
    enum Kind {
        case flag
        case choices([String])
        case integer
        case time
    }

    static let kinds: [String: Kind] = {
        var kinds: [String: Kind] = [:]
        for keyword in [
            "forwardx11", "forwardx11trusted", "exitonforwardfailure", "gatewayports", "passwordauthentication",
            "kbdinteractiveauthentication", "challengeresponseauthentication", "skeyauthentication", "tisauthentication",
            "hostbasedauthentication", "gssapiauthentication", "gssapidelegatecredentials", "checkhostip", "tcpkeepalive",
            "keepalive", "nohostauthenticationforlocalhost", "enablesshkeysign", "clearallforwardings", "visualhostkey",
            "stdinnull", "forkafterauthentication", "proxyusefdpass", "canonicalizefallbacklocal", "streamlocalbindunlink",
            "enableescapecommandline",
        ] { kinds[keyword] = .flag }
        kinds["verifyhostkeydns"] = .choices(["yes", "no", "true", "false", "ask"])
        kinds["updatehostkeys"] = .choices(["yes", "no", "true", "false", "ask"])
        kinds["canonicalizehostname"] = .choices(["yes", "no", "true", "false", "always"])
        kinds["addressfamily"] = .choices(["inet", "inet6", "any"])
        kinds["requesttty"] = .choices(["yes", "no", "true", "false", "force", "auto"])
        kinds["sessiontype"] = .choices(["none", "subsystem", "default"])
        kinds["controlmaster"] = .choices(["yes", "no", "true", "false", "auto", "ask", "autoask"])
        kinds["compression"] = .choices(["yes", "no"])
        kinds["pubkeyauthentication"] = .choices(["yes", "no", "true", "false", "unbound", "host-bound"])
        kinds["dsaauthentication"] = kinds["pubkeyauthentication"]
        for keyword in ["connectionattempts", "numberofpasswordprompts", "canonicalizemaxdots", "requiredrsasize"] {
            kinds[keyword] = .integer
        }
        kinds["forwardx11timeout"] = .time
        return kinds
    }()

    /// Throws what ssh would refuse in `line`'s value, if its keyword has a simple kind.
    static func check(_ line: ConfigLexer.Line, origin: SSHConfigOrigin) throws(SSHConfigError) {
        guard let kind = kinds[line.keyword] else { return }
        let text = try OptionParser.single(line, line.keyword, origin)
        let (valid, expected): (Bool, String)
        switch kind {
        case .flag: (valid, expected) = (ValueParsers.flag(text) != nil, "yes or no")
        case .choices(let words): (valid, expected) = (words.contains(text.lowercased()), words.joined(separator: ", "))
        case .integer: (valid, expected) = (ValueParsers.integer(text, in: 0...Int(Int32.max)) != nil, "a whole number from 0")
        case .time: (valid, expected) = (text == "none" || ValueParsers.seconds(text) != nil, "seconds such as 30, 1m30s, or none")
        }
        guard valid else { throw SSHConfigError(origin, "bad \(line.keyword) '\(text)': expected \(expected)") }
    }
}
