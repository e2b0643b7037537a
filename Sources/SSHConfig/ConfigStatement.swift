/// One line of a configuration, read once at load time (values checked, as ssh checks
/// every line whether or not its block applies) and evaluated per host at resolve time.
enum ConfigStatement: Sendable {
    /// `Host p1 p2 …`: starts a block for names matching a pattern and none of the `!`s.
    case host(patterns: [String], origin: SSHConfigOrigin)
    /// `Match …`: starts a block for hosts meeting every criterion.
    case match(MatchLine)
    /// A supported option with its checked value.
    case option(ConfigOption, origin: SSHConfigOrigin)
    /// An option Chorus does not honour but warns about (`ProxyCommand`): its table key
    /// and the value lowercased (for `applies`).
    case warned(key: String, value: String, origin: SSHConfigOrigin)
    /// `IgnoreUnknown`: a pattern list of keywords that are then not errors.
    case ignoreUnknown(String, origin: SSHConfigOrigin)
    /// A keyword ssh does not know, after an `IgnoreUnknown` somewhere before it: an error
    /// unless the `IgnoreUnknown` in force for the host names it.
    case unknown(keyword: String, origin: SSHConfigOrigin)
    /// `Include`: the files its globs found, in glob order.
    case include([ConfigFile])
}

/// A file as read, with the statements of its lines.
struct ConfigFile: Sendable {
    let path: String
    let statements: [ConfigStatement]
}

/// The supported options, with values as read (tokens are expanded at resolve time).
enum ConfigOption: Sendable {
    case hostName(String)
    case user(String)
    case port(Int)
    /// `userConfig` is ssh's `userprovided` flag: duplicates are dropped within one kind.
    case identityFile(String, userConfig: Bool)
    case certificateFile(String, userConfig: Bool)
    case identitiesOnly(Bool)
    case identityAgent(String)
    case userKnownHostsFiles([String])
    case globalKnownHostsFiles([String])
    case strictHostKeyChecking(SSHStrictHostKeyChecking)
    case hashKnownHosts(Bool)
    /// nil for `none`: sets nothing, so a later line may still set it (as in ssh).
    case connectTimeout(Int?)
    case serverAliveInterval(Int?)
    case serverAliveCountMax(Int)
    case proxyJump(SSHProxyJump)
    /// Shares one slot with `ProxyJump`: whichever applies first wins, as in ssh.
    case proxyCommand(String)
    case batchMode(Bool)
    case permitLocalCommand(Bool)
}
