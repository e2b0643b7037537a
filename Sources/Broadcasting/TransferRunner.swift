#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import Posix
import Rendering
import WorkerProtocol

/// A put or get as the operator asked for it, before any host is involved.
package struct TransferRequest {
    package struct Options {
        package var recursive = false
        package var keepTimes = false
        package var checksum = false
        package var perHost = false
        /// Put: send the files that symlinks inside folders point to (`-L`).
        package var followLinks = false

        package init() {}
    }

    package var direction: TransferJob.Direction
    /// Put: local paths. Get: remote paths.
    package var sources: [String]
    /// Put: the remote path. Get: the local folder that receives `HOST/…` folders.
    package var destination: String
    package var options: Options

    package init(direction: TransferJob.Direction, sources: [String], destination: String, options: Options) {
        (self.direction, self.sources, self.destination, self.options) = (direction, sources, destination, options)
    }
}

extension TransferRequest {
    /// The transfer as the audit trail records it: direction, sources and destination as typed.
    package var auditAction: AuditAction {
        .transfer(direction: direction == .put ? "put" : "get", sources: sources, destination: destination)
    }
}

/// Runs a transfer on a pattern's hosts: the one-shot `put`, `get` and `batch_scp`, and
/// the shell's `:put` and `:get` (on the shell's kept pool).
package enum TransferRunner {
    package static func run(_ request: TransferRequest, pattern: String, settings: OneShotSettings,
                            context: RunContext) throws -> ExitStatus {
        let work = try prepare(request, console: context.console)
        let hosts = try BroadcastRunner.selectHosts(pattern, context)
        let workers = OpenFileLimit.workers(requested: settings.workers, hosts: hosts.dispatch.count, limit: OpenFileLimit.current)
        let lease = try PoolLease.acquire(workers: workers, gateways: hosts.gatewayRoutes, settings: context.settings, environment: context.environment,
                                          console: context.console)
        let started = MonotonicClock.now
        defer { lease.finish() }
        let run = try BroadcastRunner.execute(work, on: hosts, pool: lease.pool, settings: settings, run: context.settings,
                                              console: context.console, environment: context.environment,
                                              signals: SignalPipe())
        let status = run.terminatedBy.map(ExitStatus.signalled) ?? ExitClass.status(for: run.results)
        AuditLog(settings: context.settings, environment: context.environment, console: context.console)
            .append(AuditRecord(mode: .oneShot, pattern: pattern, action: request.auditAction, results: run.results,
                                status: status, wallSeconds: MonotonicClock.now - started, environment: context.environment))
        return status
    }

    /// Checks the local side and turns the request into per-host work: a put's local
    /// files are walked (and hashed, with `--checksum`) once here; a get's local folder
    /// is created. Anything wrong is a usage error, before any host is contacted.
    package static func prepare(_ request: TransferRequest, console: Console) throws -> BroadcastWork {
        let options = request.options
        switch request.direction {
        case .put:
            var plan = try LocalTransferPlan.walk(request.sources, recursive: options.recursive,
                                                  followLinks: options.followLinks)
            for skipped in plan.skipped { console.error("skipped \(skipped)") }
            if options.checksum {
                console.status("computing SHA-256 of \(plan.files) files (\(ByteCount.text(plan.bytes)))…")
                try plan.computeChecksums()
                console.clearStatus()
            }
            let sources = plan.sources.map { source in
                var anchored = source
                anchored.path = absolutePath(source.path)
                return anchored
            }
            let job = TransferJob(jobID: 0, hostID: 0, direction: .put, sources: sources, destination: request.destination,
                                  recursive: options.recursive, keepTimes: options.keepTimes, checksum: options.checksum)
            return .transfer(job, localFolder: { _ in "" })
        case .get:
            if let error = LocalFolders.make(request.destination) { throw UsageError(error) }
            let job = TransferJob(jobID: 0, hostID: 0, direction: .get, sources: request.sources.map { TransferJob.Source(path: $0) },
                                  destination: request.destination, recursive: options.recursive,
                                  keepTimes: options.keepTimes, checksum: options.checksum)
            let folder = absolutePath(request.destination)
            return .transfer(job, localFolder: { host in LocalFolders.hostFolder(host, in: folder) })
        }
    }
}

/// The local side of a get: the folder given, with one folder per host inside it.
package enum LocalFolders {
    /// `mkdir -p`; an error message, or nil when the folder exists and can be written.
    package static func make(_ path: String) -> String? {
        if let failure = Folders.make(path, mode: 0o755) { return failure.message }
        guard access(path, W_OK) == 0 else { return "cannot write in \(path): \(errnoText(errno))" }
        return nil
    }

    /// `DEST/HOST`: the host's name as in the inventory, made one file name
    /// (`HostFileName`).
    package static func hostFolder(_ host: String, in folder: String) -> String {
        let name = HostFileName.of(host)
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
