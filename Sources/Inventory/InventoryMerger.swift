import HostPatterns

/// Merges the hosts of every file into one inventory. A host named in several files (or
/// groups) is one host. Its settings come, lowest first, from: the built-in defaults;
/// `[DEFAULT]` of each file that has a section for it; `[group:NAME]` sections of its
/// groups; its own sections. A higher level wins; two different values at the same
/// level are a conflict naming both places, and the host is left out.
struct InventoryMerger {
    let defaultUsername: String
    let context: FieldContext
    private(set) var errors: [InventoryError] = []

    init(defaultUsername: String, context: FieldContext) {
        self.defaultUsername = defaultUsername
        self.context = context
    }

    mutating func merge(_ files: [InventoryFile], sources: [String]) -> Inventory {
        var sections: [String: [InventoryFile.HostSection]] = [:]
        var order: [String] = []
        var groupSettings: [String: [InventoryFile.Setting]] = [:]
        for file in files {
            for host in file.hosts {
                if sections[host.name] == nil { order.append(host.name) }
                sections[host.name, default: []].append(host)
            }
            for (group, settings) in file.groupSettings { groupSettings[group, default: []] += settings }
        }
        var hosts: [String: ResolvedHost] = [:]
        var members: [String: [String]] = groupSettings.mapValues { _ in [] }
        for name in order {
            let parts = sections[name] ?? []
            let groups = Array(Set(parts.flatMap(\.groups))).sorted()
            let settings = parts.flatMap(\.settings) + groups.flatMap { groupSettings[$0] ?? [] }
            guard let host = build(name, groups: groups, settings: settings) else { continue }
            hosts[name] = host
            for group in groups { members[group, default: []].append(name) }
        }
        return Inventory(hosts: hosts, groups: members.mapValues { HostSet(names: $0) }, sources: sources)
    }

    private mutating func build(_ name: String, groups: [String], settings: [InventoryFile.Setting]) -> ResolvedHost? {
        var host = ResolvedHost(name: name, hostname: name, username: defaultUsername)
        host.groups = groups
        for field in HostField.allCases {
            let candidates = settings.filter { $0.field == field }
            guard let top = candidates.map(\.level).max() else { continue }
            let winners = candidates.filter { $0.level == top }
            if let conflict = winners.first(where: { $0.value != winners[0].value }) {
                errors.append(InventoryError(.conflict(host: name, key: field.rawValue, otherFile: winners[0].file,
                                                       otherLine: winners[0].line),
                                             file: conflict.file, line: conflict.line))
                return nil
            }
            // Values were checked when their file was read, so applying cannot fail here.
            try? field.apply(winners[0].value, to: &host, context: context)
        }
        return host
    }
}
