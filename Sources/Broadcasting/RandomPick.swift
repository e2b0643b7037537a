import Inventory

/// `--pick N` and `:pick N` (clush's `--pick`): N hosts chosen at random from a
/// selection, kept in the selection's order so the output reads as usual.
package enum RandomPick {
    package static func hosts(_ hosts: [ResolvedHost], count: Int) -> [ResolvedHost] {
        guard count < hosts.count else { return hosts }
        let chosen = Set(hosts.indices.shuffled().prefix(count))
        return hosts.indices.filter(chosen.contains).map { hosts[$0] }
    }
}
