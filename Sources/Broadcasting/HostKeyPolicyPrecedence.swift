import Inventory

/// The one rule for which host-key policy a host runs under. A security setting takes
/// the strictest value present (strict > accept-new > off): an inventory, which others
/// may be able to write, never weakens a policy given on the command line. With none
/// given there, the inventory's value decides, else accept-new (as OpenSSH).
package enum HostKeyPolicyPrecedence {
    package static func effective(commandLine: RunSettings.HostKeyPolicy?, inventory: KnownHostsPolicy?) -> KnownHostsPolicy {
        guard let commandLine else { return inventory ?? .acceptNew }
        let given = KnownHostsPolicy(commandLine)
        guard let inventory else { return given }
        return strictness(inventory) > strictness(given) ? inventory : given
    }

    /// The shell's `:set host_key_policy` counts as the command line's, and cannot go
    /// below a policy given on the real one. Unchanged, it leaves the command line as it was.
    package static func withShellSetting(_ set: RunSettings.HostKeyPolicy, commandLine globals: RunSettings)
        -> RunSettings.HostKeyPolicy? {
        guard set != globals.hostKeyPolicy else {
            return globals.hostKeyPolicyOption
        }
        guard let given = globals.hostKeyPolicyOption else { return set }
        return strictness(KnownHostsPolicy(set)) > strictness(KnownHostsPolicy(given)) ? set : given
    }

    package static func strictness(_ policy: KnownHostsPolicy) -> Int {
        switch policy {
        case .off: 0
        case .acceptNew: 1
        case .strict: 2
        }
    }
}

extension KnownHostsPolicy {
    package init(_ option: RunSettings.HostKeyPolicy) {
        switch option {
        case .strict: self = .strict
        case .acceptNew: self = .acceptNew
        case .off: self = .off
        }
    }
}
