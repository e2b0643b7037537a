import Diagnostics
import HostPatterns
import Inventory
import SSHConfig

/// The names of a selection that are in no inventory and would be looked up as they are
/// typed: usually a typo (`db[1-3]` for `db[01-03]`), and a name sent to the resolver.
/// Numeric addresses and names the OpenSSH client configuration defines are meant as
/// typed; with no inventory at all every name is ad hoc by design, so none is reported.
package struct AdHocNames: Sendable {
    /// The names, in selection order.
    package let names: [String]
    /// The inventory names nearest to them, in the same order, where one is close.
    package let suggestions: [String]
    /// Those of them that are group names (`@db` was meant for `db`).
    package let groups: [String]

    package init?(_ hosts: [ResolvedHost], inventory: Inventory, sshConfig: SSHConfigInForce) {
        guard !inventory.hosts.isEmpty else { return nil }
        names = hosts.filter { host in
            host.isAdHoc && !SSHConfig.isAddress(host.hostname) && !sshConfig.defines(host.hostname)
        }.map(\.name)
        guard !names.isEmpty else { return nil }
        let known = inventory.allHosts.names
        groups = names.filter { inventory.groups[$0] != nil }
        suggestions = names.prefix(Self.suggestionLimit).filter { inventory.groups[$0] == nil }
            .compactMap { Suggestion.closest(to: $0, among: known) }
    }

    /// Edit distances cost a product of lengths: past this many names a typo is plain anyway.
    private static let suggestionLimit = 256

    /// `db[1-3] are not in the inventory (did you mean db[01-03]?)`.
    package var message: String {
        let folded = HostSet(names: names).description
        let verb = names.count == 1 ? "is" : "are"
        let meant = (suggestions.isEmpty ? [] : [HostSet(names: suggestions).description]) + groups.map { "the group @\($0)" }
        let hint = meant.isEmpty ? "" : " (did you mean \(meant.joined(separator: ", "))?)"
        return "\(folded) \(verb) not in the inventory\(hint)"
    }
}
