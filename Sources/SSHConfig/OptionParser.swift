/// Reads the value of one option line as readconf.c's `process_config_line` does, and
/// refuses what ssh refuses, quoting the value: a bad value is an error whether or not
/// its block applies to the host at hand (fail closed, never a silent default).
enum OptionParser {
    typealias Line = ConfigLexer.Line

    /// The statement for a keyword other than Host, Match and Include, or nil for a
    /// keyword ssh knows and Chorus ignores.
    static func statement(_ line: Line, origin: SSHConfigOrigin, userConfig: Bool) throws(SSHConfigError)
        -> ConfigStatement?
    {
        if let option = try option(line, origin: origin, userConfig: userConfig) {
            return .option(option, origin: origin)
        }
        try IgnoredValueCheck.check(line, origin: origin)
        if let warned = WarnedKeyword.table[line.keyword] {
            let isCommand = line.keyword.hasSuffix("command")
            let value = isCommand ? commandText(line) : (line.arguments.first ?? "")
            return .warned(key: warned.name, value: value.lowercased(), origin: origin)
        }
        if line.keyword == "ignoreunknown" {
            return .ignoreUnknown(try single(line, "IgnoreUnknown", origin), origin: origin)
        }
        return nil
    }

    private static func option(_ line: Line, origin: SSHConfigOrigin, userConfig: Bool) throws(SSHConfigError)
        -> ConfigOption?
    {
        switch line.keyword {
        case "hostname": return .hostName(try single(line, "HostName", origin))
        case "user": return .user(try single(line, "User", origin))
        case "port": return .port(try port(line, origin))
        case "identityfile", "identityfile2": return .identityFile(try single(line, "IdentityFile", origin), userConfig: userConfig)
        case "certificatefile": return .certificateFile(try single(line, "CertificateFile", origin), userConfig: userConfig)
        case "identitiesonly": return .identitiesOnly(try flag(line, "IdentitiesOnly", origin))
        case "identityagent": return .identityAgent(try identityAgent(line, origin))
        case "userknownhostsfile": return .userKnownHostsFiles(try files(line, "UserKnownHostsFile", origin))
        case "globalknownhostsfile": return .globalKnownHostsFiles(try files(line, "GlobalKnownHostsFile", origin))
        case "stricthostkeychecking": return .strictHostKeyChecking(try strict(line, origin))
        case "hashknownhosts": return .hashKnownHosts(try flag(line, "HashKnownHosts", origin))
        case "connecttimeout": return .connectTimeout(try time(line, "ConnectTimeout", origin))
        case "serveraliveinterval": return .serverAliveInterval(try time(line, "ServerAliveInterval", origin))
        case "serveralivecountmax": return .serverAliveCountMax(try count(line, "ServerAliveCountMax", origin))
        case "proxyjump": return .proxyJump(try ProxyJumpParser.parse(commandText(line), origin: origin))
        case "proxycommand": return .proxyCommand(commandText(line))
        case "batchmode": return .batchMode(try flag(line, "BatchMode", origin))
        case "permitlocalcommand": return .permitLocalCommand(try flag(line, "PermitLocalCommand", origin))
        default: return nil
        }
    }

    /// The raw rest of the line without leading blanks and `=`, as ssh gives
    /// ProxyCommand, LocalCommand and KnownHostsCommand (ProxyJump then drops a comment).
    static func commandText(_ line: Line) -> String {
        String(decoding: line.rest.drop { ConfigLexer.whitespace.contains($0) || $0 == ConfigLexer.equals }, as: UTF8.self)
    }

    /// The one argument of a string option; empty or missing is an error, so is a second.
    static func single(_ line: Line, _ name: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> String {
        guard let value = line.arguments.first, !value.isEmpty else {
            throw SSHConfigError(origin, "missing argument for \(name)")
        }
        guard line.arguments.count == 1 else {
            throw SSHConfigError(origin, "\(name) takes one argument; extra '\(line.arguments[1])' at end of line")
        }
        return value
    }

    private static func flag(_ line: Line, _ name: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> Bool {
        let text = try single(line, name, origin)
        guard let value = ValueParsers.flag(text) else {
            throw SSHConfigError(origin, "bad \(name) '\(text)': expected yes or no")
        }
        return value
    }

    private static func strict(_ line: Line, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> SSHStrictHostKeyChecking {
        let text = try single(line, "StrictHostKeyChecking", origin)
        guard let value = ValueParsers.strictHostKeyChecking(text) else {
            throw SSHConfigError(origin, "bad StrictHostKeyChecking '\(text)': expected yes, accept-new, no, off or ask")
        }
        return value
    }

    private static func port(_ line: Line, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> Int {
        let text = try single(line, "Port", origin)
        guard let value = ValueParsers.port(text), value > 0 else {
            throw SSHConfigError(origin, "bad Port '\(text)': expected a number from 1 to 65535 or a service name")
        }
        return value
    }

    /// A time (`convtime`), or nil for `none`.
    private static func time(_ line: Line, _ name: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> Int? {
        let text = try single(line, name, origin)
        if text == "none" { return nil }
        guard let value = ValueParsers.seconds(text) else {
            throw SSHConfigError(origin, "bad \(name) '\(text)': expected seconds such as 30, 90s, 1m30s, or none")
        }
        return value
    }

    private static func count(_ line: Line, _ name: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> Int {
        let text = try single(line, name, origin)
        guard let value = ValueParsers.integer(text, in: 0...Int(Int32.max)) else {
            throw SSHConfigError(origin, "bad \(name) '\(text)': expected a whole number from 0")
        }
        return value
    }

    /// Known-hosts file lists: one or more non-empty words; `none` only alone.
    private static func files(_ line: Line, _ name: String, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> [String] {
        guard !line.arguments.isEmpty else { throw SSHConfigError(origin, "missing argument for \(name)") }
        for word in line.arguments where word.isEmpty { throw SSHConfigError(origin, "\(name) has an empty argument") }
        if line.arguments.count > 1, line.arguments.contains(where: { $0.lowercased() == "none" }) {
            throw SSHConfigError(origin, "\(name) 'none' must appear alone")
        }
        return line.arguments
    }

    /// `IdentityAgent`: a `${NAME}` must be closed and named; the legacy `$NAME` must be a
    /// valid name.
    private static func identityAgent(_ line: Line, _ origin: SSHConfigOrigin) throws(SSHConfigError) -> String {
        let text = try single(line, "IdentityAgent", origin)
        if let problem = TokenExpansion.dollarSyntaxProblem(text) {
            throw SSHConfigError(origin, "bad IdentityAgent '\(text)': \(problem)")
        }
        if text.hasPrefix("$"), !text.hasPrefix("${"), !ValueParsers.isEnvironmentName(text.dropFirst()) {
            throw SSHConfigError(origin, "bad IdentityAgent '\(text)': invalid environment variable name")
        }
        return text
    }
}
