import Inventory
import Shell

/// The one rule for which host-key policy a host runs under. A security setting takes
/// the strictest value present (strict > accept-new > off): an inventory, which others
/// may be able to write, never weakens a policy given on the command line. With none
/// given there, the inventory's value decides, else accept-new (as OpenSSH).
enum HostKeyPolicyPrecedence {
    static func effective(commandLine: GlobalOptions.HostKeyPolicy?, inventory: KnownHostsPolicy?) -> KnownHostsPolicy {
        guard let commandLine else { return inventory ?? .acceptNew }
        let given = KnownHostsPolicy(commandLine)
        guard let inventory else { return given }
        return strictness(inventory) > strictness(given) ? inventory : given
    }

    /// The shell's `:set host_key_policy` counts as the command line's, and cannot go
    /// below a policy given on the real one. Unchanged, it leaves the command line as it was.
    static func withShellSetting(_ setting: ShellSettings.HostKeyPolicy, commandLine globals: GlobalOptions)
        -> GlobalOptions.HostKeyPolicy? {
        guard let set = GlobalOptions.HostKeyPolicy(rawValue: setting.rawValue), set != globals.hostKeyPolicy else {
            return globals.hostKeyPolicyOption
        }
        guard let given = globals.hostKeyPolicyOption else { return set }
        return strictness(KnownHostsPolicy(set)) > strictness(KnownHostsPolicy(given)) ? set : given
    }

    static func strictness(_ policy: KnownHostsPolicy) -> Int {
        switch policy {
        case .off: 0
        case .acceptNew: 1
        case .strict: 2
        }
    }
}

extension KnownHostsPolicy {
    init(_ option: GlobalOptions.HostKeyPolicy) {
        switch option {
        case .strict: self = .strict
        case .acceptNew: self = .acceptNew
        case .off: self = .off
        }
    }
}
