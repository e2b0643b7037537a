#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import HostPatterns
import Inventory
import JobDispatch
import Posix
import Rendering
import WorkerProtocol

extension InteractiveSession {
    /// Runs a command on the selection (or on `pattern` once). `cd DIR` and
    /// `export NAME=VALUE` are tried on the hosts first and kept only if they worked
    /// everywhere; every command runs in that directory with those exports.
    func broadcast(_ command: String, to pattern: String?) throws -> Bool {
        let hosts = try pattern.map(resolveTarget) ?? selection
        guard !hosts.isEmpty else {
            throw UsageError(pattern == nil ? "nothing selected: :select PATTERN first, or @PATTERN COMMAND" : "'\(pattern ?? "")' selects no hosts")
        }
        if let refusal = TerminalCommands.refusal(command, pty: settings.pty) { throw UsageError(refusal) }
        switch RemoteSessionState.recognize(command) {
        case .change(let change):
            var candidate = remote
            candidate.apply(change)
            let ok = try run(.command(candidate.wrap(":")), on: hosts, audit: HistoryPolicy.auditAction(command), pattern: pattern)
            if ok { remote = candidate } else {
                let failed = HostSet(names: last.outcomes.filter { !$0.value.isOK }.keys.sorted())
                let now = remote.directory.map { "in \($0)" } ?? "in the login directory"
                console.error("not kept: '\(command)' failed on \(failed); later commands still run \(now) as before")
            }
            return ok
        case .unsupported(let reason):
            console.error("note: \(reason); this line runs once and is not kept")
            return try run(.command(remote.wrap(command)), on: hosts, audit: HistoryPolicy.auditAction(command), pattern: pattern)
        case .notStateChange:
            return try run(.command(remote.wrap(command)), on: hosts, audit: HistoryPolicy.auditAction(command), pattern: pattern)
        }
    }

    /// Runs `command` as it is, with no line in the audit trail (`:reconnect`'s `:`).
    func run(_ command: String, on hosts: [ResolvedHost]) throws -> Bool {
        try run(.command(command), on: hosts)
    }

    /// - Parameters:
    ///   - audit: what the operator typed, for the audit trail; nil records nothing.
    ///   - pattern: the `@PATTERN` typed on the line; nil: the selection's.
    func run(_ work: BroadcastWork, on hosts: [ResolvedHost], audit: AuditAction? = nil, pattern: String? = nil) throws -> Bool {
        // A ^C typed at the prompt must not cancel this broadcast; a SIGTERM or SIGHUP
        // that came meanwhile ends the session before anything runs.
        if let signal = takeTerminatingSignal() { throw SessionEnd(signal: signal) }
        try refuseAdHoc(hosts, "nothing was run")
        var dispatch = try PreparedHosts(hosts, settings: settings, environment: environment, passwords: typedPasswords,
                                         sshConfig: sshConfig, bastions: BastionResolver(inventory: inventory.hosts, sshConfig: sshConfig))
        for warning in dispatch.warnings where shownWarnings.insert(warning).inserted { console.error("warning: \(warning)") }
        if case .command = work { try dispatch.askSudo(settings, environment, passwords: typedPasswords) }
        lastOutputs = [:]
        let keys = QuietKeys()
        defer { keys.restore() }
        let store = OutputStore(memoryLimit: settings.outputMemoryMiB << 20)
        lastOutputStore = store
        let started = MonotonicClock.now
        let run = try BroadcastRunner.execute(
            work, on: dispatch, pool: pool, settings: OneShotSettings(output: OneShotSettings.Output(settings), pty: settings.pty),
            run: settings, console: console, environment: environment, signals: signals) { [self] event in
            if case .output(let host, .stdout, let bytes) = event {
                store.append(bytes, to: &lastOutputs[host, default: StoredBytes()], limit: 1 << 20)
            }
        }
        typedPasswords.forget(users: dispatch.refusedTypedUsers(run.results))
        if PreparedHosts.sudoRefused(run.results) { typedPasswords.forgetSudoPassword() }
        last = LastResults(outcomes: Dictionary(run.results.map { ($0.host, $0.outcome) }) { _, newer in newer })
        lastFailed = run.results.contains { !$0.outcome.isOK }
        if let audit {
            let status = run.terminatedBy.map(ExitStatus.signalled) ?? ExitClass.status(for: run.results)
            auditLog.append(AuditRecord(mode: auditMode, pattern: pattern ?? selectionPattern, action: audit, results: run.results,
                                        status: status, wallSeconds: MonotonicClock.now - started, environment: environment))
        }
        if let signal = run.terminatedBy { throw SessionEnd(signal: signal) }
        return !lastFailed
    }
}

extension InteractiveSession {
    /// The hosts of `@PATTERN COMMAND`: a bare name that is a group and no host means
    /// the group (`@db id` runs on group db, as `:sel @db` would).
    func resolveTarget(_ pattern: String) throws -> [ResolvedHost] {
        let isGroupOnly = inventory.hosts[pattern] == nil && inventory.groups[pattern] != nil
        return try resolve(isGroupOnly ? "@" + pattern : pattern)
    }

    /// Names outside the inventory are refused unless `:set adhoc on`: a typo must not
    /// become a connection attempt (and a query to the resolver).
    func refuseAdHoc(_ hosts: [ResolvedHost], _ outcome: String) throws {
        guard !settings.adHoc, let adHoc = AdHocNames(hosts, inventory: inventory, sshConfig: sshConfig) else { return }
        throw UsageError("\(adHoc.message); \(outcome) (:set adhoc on to use names outside the inventory)")
    }

    /// Empties the signal pipe; returns a SIGTERM, SIGHUP or posted SIGPIPE (standard
    /// output broke) found there; Ctrl-C is dropped.
    func takeTerminatingSignal() -> Int32? {
        signals.drain().first { [SIGTERM, SIGHUP, SIGPIPE].contains($0) }
    }
}

/// SIGTERM or SIGHUP during a broadcast: the session ends (128 + signal).
struct SessionEnd: Error {
    let signal: Int32
}
