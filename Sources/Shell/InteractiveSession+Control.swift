import Broadcasting
#if canImport(Glibc)
import Glibc
#endif
import FoundationEssentials
import HostPatterns
import Inventory
import JobDispatch
import Rendering
import WorkerProtocol

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
        case .info(let name, let json): try showInfo(name, json: json)
        case .set(let name, let value): try set(name, value)
        case .help(let topic): console.out(ShellHelp.text(forTopic: topic) + "\n")
        case .quit: return (.quit, true)
        case .source(let path): return (.next, try source(path))
        case .history:
            for (index, line) in typed.enumerated() { console.out("\(index + 1)  \(line)\n") }
            console.out("(history file: \(InteractiveMode.historyPath(environment) ?? "none, memory only"))\n")
        case .diff: showDiff()
        case .pick(let count):
            guard !selection.isEmpty else { throw UsageError("nothing selected to pick from") }
            try select(HostSet(names: RandomPick.hosts(selection, count: count).map(\.name)).description)
        case .disconnect(let pattern):
            let hosts = try pattern.map(resolve) ?? selection
            pool.disconnect(hosts.map(\.name))
            console.out("disconnected \(HostSet(names: hosts.map(\.name))) (\(hostCount(hosts.count)))\n")
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

    /// A pattern that matches nothing is an error, as in one-shot mode, and the
    /// selection stays what it was.
    private func select(_ pattern: String) throws {
        let hosts = try resolve(pattern)
        guard !hosts.isEmpty else { throw UsageError("'\(pattern)' selects no hosts; the selection is unchanged") }
        try refuseAdHoc(hosts, "the selection is unchanged")
        selection = hosts
        let folded = HostSet(names: hosts.map(\.name)).description
        // `@last:…` names the last command's hosts: kept as they are now, so a later
        // command (or an inventory reload) does not move the selection under the prompt.
        selectionPattern = pattern.contains("@last:") ? folded : pattern
        let echo = "\(folded) (\(hostCount(hosts.count)))\n"
        if remarksToStandardError { console.err(echo) } else { console.out(echo) }
    }

    private func showHosts() {
        guard !selection.isEmpty else { return console.out("nothing selected\n") }
        console.out("\(HostSet(names: selection.map(\.name))) (\(hostCount(selection.count)))\n")
        let rows = selection.map { host in
            [TerminalText.escaped(host.name), TerminalText.escaped("\(host.username)@\(host.hostname):\(host.port)"),
             "last: " + (last.outcomes[host.name].map { $0.isOK ? "ok" : $0.reason } ?? "-") + (host.isAdHoc ? "  (ad hoc)" : "")]
        }
        let widths = (0..<2).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for row in rows {
            console.out("  " + row[0].padded(to: widths[0]) + "  " + row[1].padded(to: widths[1]) + "  " + row[2] + "\n")
        }
        if let directory = remote.directory { console.out("  cd \(directory)\n") }
        if !remote.unsets.isEmpty { console.out("  unset \(remote.unsets.joined(separator: " "))\n") }
        for assignment in remote.exports { console.out("  export \(assignment.name)=…\n") }
    }

    private func showGroups() {
        for name in inventory.groupNames {
            console.out("\(name): \(inventory.groups[name] ?? HostSet())\n")
        }
    }

    /// Each selected host's resolved settings, secrets redacted (the original menu's
    /// "view host info"), and its last result: a JSON line, then `  last: …`.
    private func showInfo(_ pattern: String, json: Bool) throws {
        let hosts = try resolve(pattern)
        guard !hosts.isEmpty else { throw UsageError("'\(pattern)' selects no host") }
        for (host, record) in zip(hosts, try HostsJSON.records(hosts, settings, sshConfig: sshConfig)) {
            let outcome = last.outcomes[host.name].map { $0.isOK ? "ok" : $0.reason } ?? "nothing run yet"
            if json {
                console.out(try HostsJSON.encode(record) + "\n")
                console.out("  last: \(outcome)\n")
            } else {
                console.out(HostInfoText.block(record, host, settings, last: outcome))
            }
        }
    }

    private func set(_ name: String?, _ value: String?) throws {
        guard let name else {
            let rows = settings.listing
            let width = rows.map { "\($0.name) = \($0.value)".count }.max() ?? 0
            return console.out(rows.map { "\($0.name) = \($0.value)".padded(to: width) + "   (\($0.origin))\n" }.joined())
        }
        guard let value else { return console.out("\(name) = \(try settings.value(of: name))\n") }
        try settings.apply(name: name, value: value)
        if name == "host_key_policy", let applied = settings.givenHostKeyPolicy, applied.rawValue != value {
            console.error("note: host_key_policy stays \(applied.rawValue): a security setting takes the "
                          + "strictest value given, and the command line gave \(applied.rawValue)")
        }
    }
}

extension InteractiveSession {
    /// Runs lines as a script (`chorus FILE`, `:source FILE`, lines on standard input):
    /// the same language as at the prompt. With `errexit` on (the default for scripts)
    /// it stops at the first line that fails, naming the script and the line. Returns
    /// whether every line worked. It reads until the input ends, however long: a
    /// script is as long as its file, and piped input as long as its writer goes on.
    func runScript(named name: String, echo: Bool = false, _ next: () -> String?) -> Bool {
        var number = 0
        while let line = next() {
            number += 1
            if echo, !ShellParser.trimmed(line).isEmpty { console.err("\(name):\(number)> \(line)\n") }
            let result = handle(line)
            if result.step == .quit { return result.ok }
            if !result.ok && settings.errexit {
                console.error("\(name):\(number): stopped, this line failed (:set errexit off to go on)")
                return false
            }
        }
        return true
    }

    /// `:source FILE`; on a terminal each line is shown (`FILE:N> LINE`) before its
    /// output, so the output blocks say which line they belong to.
    func source(_ path: String) throws -> Bool {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw UsageError("cannot read script '\(path)'")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        return runScript(named: path, echo: console.errIsTerminal) { lines.popFirst() }
    }
}

extension InteractiveSession {
    /// `:diff`: the last command's outputs compared across hosts. Hosts with identical
    /// output form a group; the largest group is the reference, and every other group
    /// gets a unified diff against it.
    func showDiff() {
        let ran = last.outcomes.filter { if case .failed = $0.value { return false } else { return true } }.keys
        guard !ran.isEmpty else { return console.out("no previous command output to compare\n") }
        let outputs = Dictionary(uniqueKeysWithValues: ran.map { host in
            (host, lastOutputs[host].flatMap { try? lastOutputStore.bytes(of: $0) } ?? [])
        })
        console.out(OutputDiff.text(outputs, terminal: console.outIsTerminal))
    }
}

/// `1 host`, `3 hosts`.
func hostCount(_ count: Int) -> String { count == 1 ? "1 host" : "\(count) hosts" }
