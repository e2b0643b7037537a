#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import Posix
import Rendering
import Secrets
import WorkerProtocol

/// Runs one command on a pattern's hosts through a worker pool, for the one-shot
/// modes (`-w`, `batch_run`), and turns the outcomes into the exit status.
package enum BroadcastRunner {
    /// - Parameter typed: the command as the audit trail records it (redacted when it
    ///   holds a secret).
    package static func run(_ command: String, typed: AuditAction, pattern: String, settings: OneShotSettings,
                            context: RunContext) throws -> ExitStatus {
        let passwords = TypedPasswords()
        var hosts = try selectHosts(pattern, context, passwords: passwords, pick: settings.pick)
        try hosts.askSudo(context.settings, context.environment, passwords: passwords)
        let workers = OpenFileLimit.workers(requested: settings.workers, hosts: hosts.dispatch.count, limit: OpenFileLimit.current)
        let lease = try PoolLease.acquire(workers: workers, gateways: hosts.gatewayRoutes, settings: context.settings, environment: context.environment,
                                          console: context.console)
        let signals = SignalPipe()
        let spool = try settings.input.map { source throws(UsageError) in
            do { return try InputSpool(source: source, temporaryFolder: context.environment["TMPDIR"] ?? "/tmp") } catch {
                throw UsageError("\(error) (--no-stdin runs without it)")
            }
        }
        defer { spool?.remove() }
        let started = MonotonicClock.now
        let run: (results: [HostResult], terminatedBy: Int32?)
        do {
            defer { lease.finish() }
            run = try execute(.command(command), on: hosts, pool: lease.pool, settings: settings, run: context.settings,
                              console: context.console, environment: context.environment, signals: signals, input: spool)
        }
        let status = run.terminatedBy.map(ExitStatus.signalled)
            ?? (settings.largestStatus ? ExitClass.largestRemoteStatus(run.results) : ExitClass.status(for: run.results))
        AuditLog(settings: context.settings, environment: context.environment, console: context.console)
            .append(AuditRecord(mode: .oneShot, pattern: pattern, action: typed, results: run.results, status: status,
                                wallSeconds: MonotonicClock.now - started, environment: context.environment))
        return status
    }

    /// One broadcast on a pool that may outlive it (the interactive shell keeps its
    /// pool, so a host's second command costs a channel, not a login).
    package static func execute(
        _ work: BroadcastWork, on hosts: PreparedHosts, pool: WorkerPool, settings: OneShotSettings, run: RunSettings,
        console: Console, environment: [String: String], signals: SignalPipe?, input: InputSpool? = nil,
        observe: ((BroadcastEvent) -> Void)? = nil
    ) throws -> (results: [HostResult], terminatedBy: Int32?) {
        let output = try OneShotOutput(settings: settings, run: run, hosts: hosts.names,
                                       console: console, environment: environment)
        let started = MonotonicClock.now
        for (host, message) in hosts.failed {  // failed before any connection: results like any other
            let event = BroadcastEvent.finished(host: host, outcome: .failed(kind: "auth-failed", message: message), durationMillis: 0)
            output.consume(event)
            observe?(event)
        }
        let cleanup = GetFolderCleanup(work, hosts: hosts.names)
        let options = BroadcastOptions(fanout: run.fanout, pty: settings.pty, commandTimeout: run.commandTimeout, sudo: hosts.sudo)
        let outcome = pool.run(work, on: hosts.dispatch, options: options, software: ChorusVersion.software,
                               signals: signals, input: input) { event in
            output.consume(event)
            observe?(event)
        }
        output.finish(wallSeconds: MonotonicClock.now - started)
        cleanup.removeEmptyFolders(of: output.results)
        return (output.results, outcome.terminatedBy)
    }

    /// The pattern's hosts, ready to run; typed passwords are asked for here.
    package static func selectHosts(_ pattern: String, _ context: RunContext,
                                    passwords: TypedPasswords = TypedPasswords(), pick: Int? = nil) throws -> PreparedHosts {
        let inventory = try InventoryLocationLoading.load(context)
        var selected = try inventory.select(pattern, defaultUsername: InventoryLocationLoading.defaultUsername(context)).hosts
        guard !selected.isEmpty else { throw UsageError("'\(pattern)' selects no hosts") }
        if let pick { selected = RandomPick.hosts(selected, count: pick) }
        let sshConfig = try SSHConfigInForce(context.settings, environment: context.environment)
        if let adHoc = AdHocNames(selected, inventory: inventory, sshConfig: sshConfig) {
            context.console.error("warning: \(adHoc.message); running on \(adHoc.names.count == 1 ? "it as an ad-hoc host" : "them as ad-hoc hosts")")
        }
        let prepared = try PreparedHosts(selected, settings: context.settings, environment: context.environment,
                                         passwords: passwords, sshConfig: sshConfig,
                                         bastions: BastionResolver(inventory: inventory.hosts, sshConfig: sshConfig))
        for warning in Set(prepared.warnings).sorted() { context.console.error("warning: \(warning)") }
        return prepared
    }

    /// The argument a shell starts its workers with (`chorus __worker`); the executable
    /// checks for it before anything else, so only it links the worker's code.
    package static let workerModeArgument = "__worker"

    /// Workers are this same binary in worker mode. `CHORUS_WORKER_BINARY` overrides
    /// the path (for running the CLI inside another program, such as a test runner).
    package static func workerCommand(environment: [String: String]) throws -> [String] {
        if let binary = environment["CHORUS_WORKER_BINARY"], !binary.isEmpty { return [binary, workerModeArgument] }
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { throw UsageError("cannot find the chorus binary to start workers (/proc/self/exe)") }
        return [String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self), workerModeArgument]
    }
}
