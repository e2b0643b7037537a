import HostPatterns
import SSHConfig
import Inventory
import WorkerProtocol

/// Turns a host's bastion names (`-J`, else its `proxy_jump`) into the bastions a worker
/// goes through, each with everything needed to reach it.
///
/// A name is looked up, in order:
/// 1. an inventory host: its hostname, port, user, key, password and host-key policy
///    apply. Its own `proxy_jump` is NOT followed: a chain comes only from the comma
///    list, so no inventory can make a loop or an unbounded chain;
/// 2. an alias of the OpenSSH client configuration (a `Host` block names it);
/// 3. `[user@]host[:port]`, the user defaulting to the host's own login user, port 22.
/// Either way the OpenSSH client configuration then fills in what is unset (its
/// `HostName`, `User`, `IdentityFile`, …), as for any host; the bastion's own `ProxyJump`
/// is not followed either.
///
/// A bastion's key is checked like any host's: same known_hosts file, same policy rule
/// (`HostKeyPolicyPrecedence`).
package struct BastionResolver: Sendable {
    /// Another way to know a bastion name, tried after the inventory: the host it names,
    /// or nil to fall back to `[user@]host[:port]`. `behind` is the host being reached.
    package typealias Lookup = @Sendable (_ name: String, _ behind: ResolvedHost) -> ResolvedHost?

    let inventory: [String: ResolvedHost]
    let secondLookup: Lookup?
    let sshConfig: SSHConfigInForce?

    package init(inventory: [String: ResolvedHost], secondLookup: Lookup? = nil, sshConfig: SSHConfigInForce? = nil) {
        self.inventory = inventory
        self.secondLookup = secondLookup
        self.sshConfig = sshConfig
    }

    /// No inventory: every name is an address.
    package static let addressesOnly = BastionResolver(inventory: [:])

    /// The bastion names a host goes through: `-J` replaces `proxy_jump` whole, which
    /// replaces the OpenSSH client configuration's `ProxyJump`.
    package static func names(for host: ResolvedHost, _ settings: RunSettings, extras: SSHConfigExtras? = nil) -> [String] {
        settings.proxyJump ?? host.proxyJump ?? extras?.proxyJump ?? []
    }

    /// Why a host cannot be reached through its bastions; it fails alone, others run.
    package struct Failure: Error, Equatable {
        package let message: String
    }

    /// The host's bastions for the wire, in order; throws when a name is the host
    /// itself, cannot be read, or the chain is longer than the protocol carries.
    package func jumps(for host: ResolvedHost, _ settings: RunSettings, environment: [String: String],
                       extras: SSHConfigExtras? = nil) throws(Failure) -> [JumpSpec] {
        let names = Self.names(for: host, settings, extras: extras)
        guard names.count <= FrameLimits.maxJumps else {
            throw Failure(message: "proxy_jump: \(names.count) bastions, at most \(FrameLimits.maxJumps) allowed")
        }
        var jumps: [JumpSpec] = []
        for name in names {
            let bastion = try resolve(name, behind: host, settings)
            var configured: SSHConfigExtras?
            var filled = bastion
            if let sshConfig {
                do { (filled, configured) = try sshConfig.adopt(bastion, settings.forBastion) } catch {
                    throw Failure(message: "bastion '\(name)': \(error.description)")
                }
            }
            jumps.append(filled.jumpSpec(named: name, settings, environment: environment, extras: configured))
        }
        return jumps
    }

    /// One name as a host to connect to (see the type's lookup order).
    package func resolve(_ name: String, behind host: ResolvedHost, _ settings: RunSettings,
                         noun: String = "bastion") throws(Failure) -> ResolvedHost {
        let login = settings.user ?? host.username
        let found = inventory[name] ?? secondLookup?(name, host) ?? ResolvedHost(adHoc: name, defaultUsername: login)
        guard let found else { throw Failure(message: "\(noun) '\(name)' is not in the inventory and is not [user@]host[:port]") }
        if name == host.name || (found.hostname == host.hostname && found.port == host.port) {
            throw Failure(message: "\(noun) '\(name)' is the host itself")
        }
        return found
    }
}

extension ResolvedHost {
    /// This host as a bastion: the same auth, known_hosts and policy rules as a host it
    /// would be, but its own login user (`-l` names the user on the hosts, as in OpenSSH).
    func jumpSpec(named name: String, _ settings: RunSettings, environment: [String: String],
                  extras: SSHConfigExtras? = nil) -> JumpSpec {
        let spec = DispatchSettings(self, settings, environment: environment, extras: extras)
        return JumpSpec(
            name: name, hostname: hostname, port: UInt16(clamping: port), username: username,
            auth: spec.auth, knownHostsPath: spec.knownHostsPath, hostKeyPolicy: spec.hostKeyPolicy,
            connectTimeoutMillis: spec.connectTimeoutMillis, keepaliveSeconds: spec.keepaliveSeconds)
    }
}

extension RunSettings {
    /// Without `-J`: a host behind a gateway is reached from there through its own
    /// `proxy_jump` only.
    var withoutCommandLineJumps: RunSettings {
        var settings = self
        settings.proxyJump = nil
        return settings
    }

    /// `-l` names the user on the hosts, not on their bastions (as OpenSSH's `-l`).
    var forBastion: RunSettings {
        var settings = self
        settings.user = nil
        return settings
    }
}
