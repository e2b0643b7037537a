import Broadcasting
import HostPatterns
import Inventory
import JobDispatch
import Rendering

extension InteractiveSession {
    func control(_ command: ControlCommand) throws -> (step: Step, ok: Bool) {
        switch command {
        case .select(let pattern): try select(pattern)
        case .add(let pattern): try select(selectionPattern.map { "\($0),\(pattern)" } ?? pattern)
        case .remove(let pattern):
            guard let current = selectionPattern else { throw UsageError("nothing selected to remove from") }
            try select("\(current)!\(pattern)")
        case .hosts: showHosts()
        case .groups: showGroups()
        case .info(let name): try showInfo(name)
        case .set(let name, let value): try set(name, value)
        case .help(let topic): console.out(ShellHelp.text(forTopic: topic) + "\n")
        case .quit: return (.quit, true)
        case .source(let path): return (.next, try source(path))
        case .history:
            for (index, line) in typed.enumerated() { console.out("\(index + 1)  \(line)\n") }
            console.out("(history file: \(InteractiveMode.historyPath(environment) ?? "none, memory only"))\n")
        case .diff: showDiff()
        case .disconnect(let pattern):
            let hosts = try pattern.map(resolve) ?? selection
            pool.disconnect(hosts.map(\.name))
            console.out("disconnected \(HostSet(names: hosts.map(\.name))) (\(hosts.count) hosts)\n")
        case .reconnect(let pattern):
            let hosts = try pattern.map(resolve) ?? selection
            pool.disconnect(hosts.map(\.name))
            return (.next, try run(":", on: hosts))
        case .put, .get:
            guard let request = TransferRequest(command) else { return (.next, false) }
            return (.next, try transfer(request, to: nil))
        }
        return (.next, true)
    }

    private func select(_ pattern: String) throws {
        let hosts = try resolve(pattern)
        selection = hosts
        selectionPattern = pattern
        console.out("\(HostSet(names: hosts.map(\.name))) (\(hosts.count) hosts)\n")
    }

    private func showHosts() {
        guard !selection.isEmpty else { return console.out("nothing selected\n") }
        console.out("\(HostSet(names: selection.map(\.name))) (\(selection.count) hosts)\n")
        for host in selection {
            let outcome = last.outcomes[host.name].map { $0.isOK ? "ok" : $0.statusName } ?? "-"
            console.out("  \(host.name)  \(host.username)@\(host.hostname):\(host.port)  last: \(outcome)\(host.isAdHoc ? "  (ad hoc)" : "")\n")
        }
        if let directory = remote.directory { console.out("  cd \(directory)\n") }
        for assignment in remote.exports { console.out("  export \(assignment.name)=…\n") }
    }

    private func showGroups() {
        for name in inventory.groupNames {
            console.out("\(name): \(inventory.groups[name] ?? HostSet())\n")
        }
    }

    /// A host's resolved settings, secrets redacted (the original menu's "view host info").
    private func showInfo(_ name: String) throws {
        guard let host = try resolve(name).first else { throw UsageError("'\(name)' selects no host") }
        let record = HostsJSON.Record(HostsJSON.effective(host, settings))
        console.out(try HostsJSON.encode(record) + "\n")
    }

    private func set(_ name: String?, _ value: String?) throws {
        guard let name else {
            return console.out(settings.listing.map { "\($0.name) = \($0.value)\n" }.joined())
        }
        guard let value else { return console.out("\(name) = \(try settings.value(of: name))\n") }
        try settings.apply(name: name, value: value)
        if name == "host_key_policy", let applied = settings.givenHostKeyPolicy, applied.rawValue != value {
            console.error("note: host_key_policy stays \(applied.rawValue): a security setting takes the "
                          + "strictest value given, and the command line gave \(applied.rawValue)")
        }
    }
}
