import Broadcasting
import HostPatterns
import Inventory
import Rendering

extension Subcommands {
    /// `chorus groups`: every inventory group and its members, folded.
    static let groups = Subcommand(
        name: "groups", summary: "list the inventory's groups with their hosts",
        usage: "chorus groups [--json]",
        options: [OptionSpec(["--json"], key: "json", help: "one JSON array: name, folded hosts, host names, count")],
        run: GroupsCommand.run)
}

/// The `groups` subcommand: `NAME: HOSTS` lines sorted by group name.
enum GroupsCommand {
    struct Record: Encodable {
        let name: String
        let folded: String
        let hosts: [String]
        let count: Int
    }

    static func run(_ invocation: Invocation) throws -> ExitStatus {
        if let extra = invocation.positionals.first { throw UsageError("groups takes no arguments, got '\(extra)'") }
        if let none = InventoryLocationLoading.notFound(invocation.context) { throw none }
        let inventory = try InventoryLocationLoading.load(invocation.context)
        let records = inventory.groupNames.map { name in
            let members = inventory.groups[name] ?? HostSet()
            return Record(name: name, folded: members.description, hosts: members.names, count: members.names.count)
        }
        if invocation.flag("json") {
            invocation.console.out(try HostsJSON.encode(records) + "\n")
        } else {
            invocation.console.out(records.map { "\($0.name): \($0.folded)\n" }.joined())
        }
        return .ok
    }
}
