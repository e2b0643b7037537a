import Inventory
import SSHConfig

/// The OpenSSH client configuration a run goes by, read once: `-F FILE` (`none`: no
/// file), else `~/.ssh/config` then `/etc/ssh/ssh_config`, with the `-O KEY=VALUE`
/// options as its first lines. It ranks above the built-in defaults and below the
/// inventory, whose fields it fills in only where the inventory said nothing (as
/// Ansible ranks them); the command line and `:set` rank above both.
package struct SSHConfigInForce {
    let config: SSHConfig
    let account: SSHLocalAccount

    /// Reads the files; a file ssh would refuse (bad line, bad permissions) is an input
    /// error naming file and line, and nothing runs.
    package init(_ settings: RunSettings, environment: [String: String]) throws(SSHConfigError) {
        let home = environment["HOME"] ?? SSHLocalAccount.current()?.home ?? "/"
        account = SSHLocalAccount(user: SSHLocalAccount.current()?.user ?? environment["USER"] ?? "root", home: home)
        let files: [SSHConfigSource] = switch settings.sshConfigFile {
        case "none"?: []
        case let path?: [.commandLine(path)]
        case nil: [.userDefault(home: home), .systemDefault()]
        }
        config = try SSHConfig.load(files: files, prelude: settings.sshOptions, context: SSHConfigContext(home: home))
    }

    /// The host with what the configuration says for it filled in where the inventory
    /// and the command line said nothing, and the rest (keys, agent, known_hosts file,
    /// keepalive, where each value came from, warnings) beside it.
    package func adopt(_ host: ResolvedHost, _ settings: RunSettings) throws(SSHConfigError) -> (ResolvedHost, SSHConfigExtras) {
        let typedUser = host.setFields.contains("username") && host.isAdHoc ? host.username : nil
        let options = try config.resolve(host: host.sshConfigAlias, remoteUserFromCommandLine: settings.user ?? typedUser,
                                         localUser: account.user, home: account.home)
        var adopted = host
        var extras = SSHConfigExtras(options)
        extras.fill(&adopted, from: options)
        return (adopted, extras)
    }

    /// Whether `name` is an alias the configuration defines (an ad-hoc name that is one
    /// is not a typo: it is reached as `ssh NAME` would reach it).
    package func defines(_ name: String) -> Bool { config.hasHostBlock(matching: name) }
}
