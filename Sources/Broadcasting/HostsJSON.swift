#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import Inventory

/// The JSON shape of a host in `chorus hosts --json`: every resolved connection
/// setting, and never a password or passphrase (only which auth methods are set up).
package enum HostsJSON {
    package struct Record: Encodable {
        package let name: String
        package let hostname: String
        package let port: Int
        package let username: String
        package let groups: [String]
        package let auth: [String]
        package let identity_file: String?
        package let ad_hoc: Bool
        package let known_hosts_policy: String
        package let connect_timeout: Double?
        /// Setting → where the OpenSSH client configuration set it (`file:line`).
        package let ssh_config: [String: String]
        /// `IdentityFile`s from the OpenSSH client configuration, in the order offered.
        package let ssh_identity_files: [String]
        /// The bastions the host goes through, by name, in order; empty: directly.
        package let proxy_jump: [String]
        /// The gateways that carry the host (a worker on one of them reaches it); empty:
        /// reached from this machine.
        package let gateway: [String]

        package init(_ host: ResolvedHost, sshConfig extras: SSHConfigExtras? = nil) {
            name = host.name
            hostname = host.hostname
            port = host.port
            username = host.username
            groups = host.groups
            auth = host.authMethods.map(\.rawValue)
            identity_file = host.identityFile
            ad_hoc = host.isAdHoc
            known_hosts_policy = (host.knownHostsPolicy ?? .acceptNew).rawValue
            // null: no limit (`:set connect_timeout none`); JSON has no infinity.
            connect_timeout = (host.connectTimeout ?? RunSettings.defaultConnectTimeout).finiteOrNil
            ssh_config = extras?.origins ?? [:]
            ssh_identity_files = extras?.identityFiles ?? []
            proxy_jump = host.proxyJump ?? []
            gateway = host.gateways ?? []
        }

        private enum CodingKeys: String, CodingKey {
            case name, hostname, port, username, groups, auth, identity_file, ad_hoc, known_hosts_policy, connect_timeout
            case ssh_config, ssh_identity_files, proxy_jump, gateway
        }

        /// Every key always present (`identity_file` as null when unset), so scripts can
        /// rely on the shape.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encode(hostname, forKey: .hostname)
            try container.encode(port, forKey: .port)
            try container.encode(username, forKey: .username)
            try container.encode(groups, forKey: .groups)
            try container.encode(auth, forKey: .auth)
            try container.encode(identity_file, forKey: .identity_file)
            try container.encode(ad_hoc, forKey: .ad_hoc)
            try container.encode(known_hosts_policy, forKey: .known_hosts_policy)
            try container.encode(connect_timeout, forKey: .connect_timeout)
            try container.encode(ssh_config, forKey: .ssh_config)
            try container.encode(ssh_identity_files, forKey: .ssh_identity_files)
            try container.encode(proxy_jump, forKey: .proxy_jump)
            try container.encode(gateway, forKey: .gateway)
        }
    }

    /// Each host as a command would use it, with the OpenSSH client configuration
    /// applied; a host it cannot be resolved for is an input error naming the line.
    package static func records(_ hosts: [ResolvedHost], _ settings: RunSettings, sshConfig: SSHConfigInForce) throws -> [Record] {
        try hosts.map { host in
            let (adopted, extras) = try sshConfig.adopt(host, settings)
            return Record(effective(adopted, settings, extras: extras), sshConfig: extras)
        }
    }

    /// The host as a command would use it: `-l` overrides the username, `-J` the
    /// bastions (and those the inventory or ssh_config name), `--gateway` its gateways; the host-key policy is
    /// `HostKeyPolicyPrecedence`'s; the host's own timeout wins over the built-in default
    /// only (`RunSettings.connectTimeout(inventory:)`).
    package static func effective(_ host: ResolvedHost, _ settings: RunSettings, extras: SSHConfigExtras? = nil) -> ResolvedHost {
        var host = host
        if let user = settings.user { host.username = user }
        host.knownHostsPolicy = HostKeyPolicyPrecedence.effective(settings, inventory: host.knownHostsPolicy)
        host.connectTimeout = settings.connectTimeout(inventory: host.connectTimeout)
        host.proxyJump = BastionResolver.names(for: host, settings, extras: extras)
        host.gateways = settings.gateways ?? host.gateways ?? []
        return host
    }

    package static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

extension Double {
    fileprivate var finiteOrNil: Double? { isFinite ? self : nil }
}
