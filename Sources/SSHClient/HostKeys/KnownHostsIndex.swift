/// The entries of one reading of a known_hosts file, with the names they spell out
/// literally indexed, so that finding a host's lines costs a lookup instead of a pass
/// over the whole file. Without it every login matched every line, twice (the key types
/// to prefer, then the verdict): with 1000 hosts in the file, that was a sixth of
/// chorus's CPU in a 200-host run.
///
/// An entry whose patterns are all literal (no `*`, `?` or `!`) is found through its
/// names; the others (wildcards, negations, hashed names) are matched one by one, as
/// before. Either way every candidate is matched again with the full rules, and the
/// result is exactly `entries.filter { $0.hosts.matches(name) }`, in file order.
struct KnownHostsIndex: Equatable {
    let entries: [KnownHostsEntry]
    /// Literal (lowercased) name → positions in `entries`, ascending.
    private let literal: [[UInt8]: [Int]]
    /// Positions of the entries that must be matched one by one, ascending.
    private let matchedOneByOne: [Int]

    init(_ entries: [KnownHostsEntry]) {
        self.entries = entries
        var literal: [[UInt8]: [Int]] = [:]
        var others: [Int] = []
        for (position, entry) in entries.enumerated() {
            guard let names = entry.hosts.literalNames else {
                others.append(position)
                continue
            }
            for name in Set(names) { literal[name, default: []].append(position) }
        }
        (self.literal, matchedOneByOne) = (literal, others)
    }

    /// The entries that name `name` (lowercased; `[host]:port` for ports other than 22),
    /// in file order.
    func naming(_ name: [UInt8]) -> [KnownHostsEntry] {
        let direct = literal[name] ?? []
        var found: [KnownHostsEntry] = []
        var (d, o) = (0, 0)
        while d < direct.count || o < matchedOneByOne.count {
            let position: Int
            if o == matchedOneByOne.count || (d < direct.count && direct[d] < matchedOneByOne[o]) {
                position = direct[d]
                d += 1
            } else {
                position = matchedOneByOne[o]
                o += 1
            }
            if entries[position].hosts.matches(name) { found.append(entries[position]) }
        }
        return found
    }
}

extension HostNames {
    /// The names a list of literal patterns spells out; nil when a name must be matched
    /// (a hashed name, or a pattern with `*`, `?` or `!`).
    var literalNames: [[UInt8]]? {
        guard case .patterns(let patterns) = self else { return nil }
        let special: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "!")]
        return patterns.contains { $0.contains(where: special.contains) } ? nil : patterns
    }
}
