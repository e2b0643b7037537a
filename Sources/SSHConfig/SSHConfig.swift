/// An OpenSSH client configuration read as ssh 9.2 reads it, for the options Chorus
/// uses: `Host`, `Match` (all, host, originalhost, user, localuser, canonical, final),
/// `Include`, first value wins, `IdentityFile` accumulating, tokens in paths. Load once;
/// resolve per host. A pure leaf: it reads files and never prints.
public struct SSHConfig: Sendable {
    let prelude: [ConfigStatement]
    let files: [ConfigFile]

    /// The top-level files that were read (the missing ones left out).
    public var loadedFiles: [String] { files.map(\.path) }

    /// Reads `files` in order (the user's then the system's, or the `-F` file).
    /// `prelude` holds `KEY=VALUE` (or `KEY VALUE`) lines from the command line (`-O`):
    /// they come first, so they win, and may not be Host, Match or Include. Every line is
    /// checked now, in a block or not, as ssh does.
    public static func load(files: [SSHConfigSource], prelude: [String] = [], context: SSHConfigContext)
        throws(SSHConfigError) -> SSHConfig
    {
        let loader = ConfigLoader(context: context)
        let prelude = try loader.prelude(prelude)
        var loaded: [ConfigFile] = []
        for source in files {
            if let file = try loader.load(source) { loaded.append(file) }
        }
        return SSHConfig(prelude: prelude, files: loaded)
    }

    /// The options for `host` (the name as typed: what `Host` lines match), each with
    /// where it came from. `remoteUserFromCommandLine` (`-l`, `user@host`) wins over every
    /// `User` line, `-O User=` included. Throws for what ssh refuses only once the host
    /// is known: a bad token in a path that applies, an unknown keyword not covered by
    /// the `IgnoreUnknown` in force.
    public func resolve(host: String, remoteUserFromCommandLine: String? = nil, localUser: String, home: String)
        throws(SSHConfigError) -> SSHHostOptions
    {
        var resolver = Resolver(alias: host, localUser: localUser)
        if let user = remoteUserFromCommandLine { resolver.state.user = SSHSetting(user, .commandLineUser) }
        try resolver.run(prelude: prelude, files: files)
        let builder = HostOptionsBuilder(
            state: resolver.state, alias: host, host: try resolver.connectHost(), localUser: localUser, home: home)
        return try builder.build()
    }

    /// Whether `name` reads as an ssh_config alias: a `Host` line (in any file, in any
    /// block) applies to it through a pattern that is not only wildcards (`Host *` and
    /// `Host ?*` say nothing about a name), or a `HostName` applies to it. A
    /// configuration that fails to resolve for `name` counts as yes, so that the caller
    /// goes on and reports the error.
    public func hasHostBlock(matching name: String) -> Bool {
        if files.contains(where: { Self.namesHost(name, in: $0.statements) }) { return true }
        guard let options = try? resolve(host: name, localUser: "", home: "/") else { return true }
        return options.hostName != nil
    }

    private static func namesHost(_ name: String, in statements: [ConfigStatement]) -> Bool {
        statements.contains { statement in
            switch statement {
            case .host(let patterns, _):
                Resolver.hostLineMatches(name, patterns)
                    && patterns.contains { !$0.hasPrefix("!") && $0.contains { $0 != "*" && $0 != "?" } && SSHPattern.matches(name, $0) }
            case .include(let files): files.contains { namesHost(name, in: $0.statements) }
            default: false
            }
        }
    }
}

extension SSHConfig {
    /// Whether `text` is a numeric IPv4 or IPv6 address (ssh's `is_addr`), which no
    /// resolver is asked about.
    public static func isAddress(_ text: String) -> Bool { Resolver.isAddress(text) }
}
