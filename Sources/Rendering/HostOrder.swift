// Hosts in the order a host set lists them (`web2` before `web10`), and host lists folded
// back into patterns, so every renderer sorts and names groups of hosts the same way.

import HostPatterns

struct HostOrder: Sendable {
    private let ranks: [String: Int]

    /// The order of `hosts` as their `HostSet` expands them.
    init(_ hosts: some Sequence<String>) {
        var ranks: [String: Int] = [:]
        for (rank, name) in HostSet(names: hosts).names.enumerated() where ranks[name] == nil {
            ranks[name] = rank
        }
        self.ranks = ranks
    }

    /// True when `lhs` comes first. A name the set spells differently (it should not
    /// happen) sorts after the others, by its text, rather than trapping.
    func precedes(_ lhs: String, _ rhs: String) -> Bool {
        let left = ranks[lhs] ?? Int.max
        let right = ranks[rhs] ?? Int.max
        return left != right ? left < right : lhs < rhs
    }

    /// The first of `hosts` in this order.
    func first(of hosts: [String]) -> String? {
        hosts.min(by: precedes)
    }

    /// `web[01-03],db1`: the hosts folded, escaped for the terminal.
    static func folded(_ hosts: some Sequence<String>) -> String {
        TerminalText.escaped(HostSet(names: hosts).description)
    }
}
