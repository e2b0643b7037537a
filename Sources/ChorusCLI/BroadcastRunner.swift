#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import Rendering

/// Runs one command on a pattern's hosts through a worker pool, for the one-shot
/// modes (`-w`, `batch_run`), and turns the outcomes into the exit status.
enum BroadcastRunner {
    static func run(_ command: String, pattern: String, settings: OneShotSettings, invocation: Invocation) throws -> ExitStatus {
        let hosts = try selectHosts(pattern, invocation)
        let output = try OneShotOutput(settings: settings, globals: invocation.globals, hosts: hosts.map(\.name),
                                       console: invocation.console, environment: invocation.environment)
        let workers = OpenFileLimit.workers(requested: settings.workers, hosts: hosts.count, limit: OpenFileLimit.raise())
        let pool = WorkerPool(size: workers, workerCommand: try workerCommand(invocation))
        let signals = SignalPipe()
        let started = monotonicSeconds()
        let options = BroadcastOptions(fanout: invocation.globals.fanout, pty: settings.pty,
                                       commandTimeout: invocation.globals.commandTimeout)
        let run = pool.broadcast(command, to: hosts, options: options, software: ChorusVersion.software,
                                 signals: signals, sink: output.consume)
        pool.shutdown()
        output.finish(wallSeconds: monotonicSeconds() - started)
        if let signal = run.terminatedBy { return .signalled(signal) }
        let status = settings.largestStatus
            ? ExitClass.largestRemoteStatus(output.results) : ExitClass.status(for: output.results)
        return ExitStatus(rawValue: status)
    }

    private static func selectHosts(_ pattern: String, _ invocation: Invocation) throws -> [DispatchHost] {
        let inventory = try InventoryLocationLoading.load(invocation)
        let selected: [ResolvedHost]
        do {
            selected = try inventory.select(pattern, defaultUsername: InventoryLocationLoading.defaultUsername(invocation)).hosts
        } catch {
            throw UsageError(error.description)
        }
        guard !selected.isEmpty else { throw UsageError("'\(pattern)' selects no hosts") }
        return selected.map { $0.dispatchHost(invocation.globals, environment: invocation.environment) }
    }

    /// Workers are this same binary in worker mode. `CHORUS_WORKER_BINARY` overrides
    /// the path (for running the CLI inside another program, such as a test runner).
    private static func workerCommand(_ invocation: Invocation) throws -> [String] {
        if let binary = invocation.environment["CHORUS_WORKER_BINARY"], !binary.isEmpty { return [binary, ChorusMain.workerModeArgument] }
        var path = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &path, path.count - 1)
        guard length > 0 else { throw UsageError("cannot find the chorus binary to start workers (/proc/self/exe)") }
        return [String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self), ChorusMain.workerModeArgument]
    }

    private static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
