import Inventory

/// The one rule for which host-key policy a host runs under. A security setting takes
/// the strictest value present (strict > accept-new > off), wherever it comes from: an
/// inventory, which others may be able to write, and a `:set` typed later never weaken
/// a policy given on the command line. With none given anywhere, accept-new (as OpenSSH).
package enum HostKeyPolicyPrecedence {
    package static func effective(_ settings: RunSettings, inventory: KnownHostsPolicy?) -> KnownHostsPolicy {
        strictest(Array(settings.hostKeyPolicies.values) + [inventory].compactMap { $0 }) ?? .acceptNew
    }

    package static func strictest(_ policies: [KnownHostsPolicy]) -> KnownHostsPolicy? {
        policies.max { strictness($0) < strictness($1) }
    }

    package static func strictness(_ policy: KnownHostsPolicy) -> Int {
        switch policy {
        case .off: 0
        case .acceptNew: 1
        case .strict: 2
        }
    }
}
