import Broadcasting
import HostPatterns
import Inventory
import Rendering

extension Subcommands {
    /// `chorus hosts [PATTERN...]`: what a pattern selects, folded, expanded or as JSON.
    static let hosts = Subcommand(
        name: "hosts", summary: "show the hosts a pattern selects (default: every inventory host)",
        usage: "chorus hosts [--expand | --json] [PATTERN...]",
        options: [
            OptionSpec(["-x", "--expand"], key: "expand", help: "one host name per line"),
            OptionSpec(["--json"], key: "json", help: "one JSON array of the hosts with their resolved settings"),
        ],
        operands: .pattern,
        run: HostsCommand.run)
}

/// The `hosts` subcommand. Several PATTERN words are joined as a union (`a b` = `a,b`).
enum HostsCommand {
    static func run(_ invocation: Invocation) throws -> ExitStatus {
        // With no pattern the command lists the inventory: without one, say so. A pattern
        // still lists its ad-hoc hosts.
        if invocation.positionals.isEmpty, let none = InventoryLocationLoading.notFound(invocation.context) { throw none }
        let inventory = try InventoryLocationLoading.load(invocation.context)
        let pattern = invocation.positionals.isEmpty ? nil : invocation.positionals.joined(separator: ",")
        let selection = try inventory.select(pattern, defaultUsername: InventoryLocationLoading.defaultUsername(invocation.context))
        let hosts = selection.hosts.map { HostsJSON.effective($0, invocation.globals) }
        // The OpenSSH configuration is read only when it is used: for JSON, or to tell an
        // alias it defines from an ad-hoc name (a plain listing reads no more than before).
        let mayWarn = !inventory.hosts.isEmpty && selection.hosts.contains(where: \.isAdHoc)
        let sshConfig = invocation.flag("json") || mayWarn
            ? try SSHConfigInForce(invocation.globals, environment: invocation.environment) : nil
        if let sshConfig, let adHoc = AdHocNames(selection.hosts, inventory: inventory, sshConfig: sshConfig) {
            invocation.console.error("warning: \(adHoc.message); \(adHoc.names.count == 1 ? "it would be an ad-hoc host" : "they would be ad-hoc hosts")")
        }
        if invocation.flag("json"), let sshConfig {
            let records = try HostsJSON.records(selection.hosts, invocation.globals, sshConfig: sshConfig)
            invocation.console.out(try HostsJSON.encode(records) + "\n")
        } else if invocation.flag("expand") {
            invocation.console.out(hosts.map { $0.name + "\n" }.joined())
        } else if !selection.set.isEmpty {
            invocation.console.out("\(selection.set)\n")
        }
        return .ok
    }
}
