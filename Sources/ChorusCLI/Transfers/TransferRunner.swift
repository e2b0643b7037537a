#if canImport(Glibc)
import Glibc
#endif
import Inventory
import JobDispatch
import Rendering
import SSHClient
import WorkerProtocol
import WorkerRuntime

/// A put or get as the operator asked for it, before any host is involved.
struct TransferRequest {
    struct Options {
        var recursive = false
        var keepTimes = false
        var checksum = false
        var perHost = false
        /// Put: send the files that symlinks inside folders point to (`-L`).
        var followLinks = false

        init() {}

        init(_ invocation: Invocation) {
            recursive = invocation.flag("recursive")
            keepTimes = invocation.flag("preserve")
            checksum = invocation.flag("checksum")
            perHost = invocation.flag("per-host")
            followLinks = invocation.flag("dereference")
        }
    }

    var direction: TransferJob.Direction
    /// Put: local paths. Get: remote paths.
    var sources: [String]
    /// Put: the remote path. Get: the local folder that receives `HOST/…` folders.
    var destination: String
    var options: Options
}

/// Runs a transfer on a pattern's hosts: the one-shot `put`, `get` and `batch_scp`, and
/// the shell's `:put` and `:get` (on the shell's kept pool).
enum TransferRunner {
    static func run(_ request: TransferRequest, pattern: String, invocation: Invocation) throws -> ExitStatus {
        let work = try prepare(request, console: invocation.console)
        let hosts = try BroadcastRunner.selectHosts(pattern, invocation)
        let settings = try OneShotSettings(invocation)
        let workers = OpenFileLimit.workers(requested: settings.workers, hosts: hosts.count, limit: OpenFileLimit.current)
        let pool = WorkerPool(size: workers, workerCommand: try BroadcastRunner.workerCommand(environment: invocation.environment))
        let run = try BroadcastRunner.execute(work, on: hosts, pool: pool, settings: settings, globals: invocation.globals,
                                              console: invocation.console, environment: invocation.environment,
                                              signals: SignalPipe())
        pool.shutdown()
        if let signal = run.terminatedBy { return .signalled(signal) }
        return ExitStatus(rawValue: ExitClass.status(for: run.results))
    }

    /// Checks the local side and turns the request into per-host work: a put's local
    /// files are walked (and hashed, with `--checksum`) once here; a get's local folder
    /// is created. Anything wrong is a usage error, before any host is contacted.
    static func prepare(_ request: TransferRequest, console: Console) throws -> BroadcastWork {
        let options = request.options
        switch request.direction {
        case .put:
            var plan = try LocalTransferPlan.walk(request.sources, recursive: options.recursive,
                                                  followLinks: options.followLinks)
            for skipped in plan.skipped { console.err("chorus: skipped \(skipped)\n") }
            if options.checksum {
                if console.errIsTerminal { console.err("chorus: computing SHA-256 of \(plan.files) files (\(ByteCount.text(plan.bytes)))…\r") }
                try plan.computeChecksums()
                if console.errIsTerminal { console.err("\r\u{1B}[K") }
            }
            let job = TransferJob(jobID: 0, hostID: 0, direction: .put, sources: plan.sources, destination: request.destination,
                                  recursive: options.recursive, keepTimes: options.keepTimes, checksum: options.checksum)
            return .transfer(job, localFolder: { _ in "" })
        case .get:
            if let error = LocalFolders.make(request.destination) { throw UsageError(error) }
            let job = TransferJob(jobID: 0, hostID: 0, direction: .get, sources: request.sources.map { TransferJob.Source(path: $0) },
                                  destination: request.destination, recursive: options.recursive,
                                  keepTimes: options.keepTimes, checksum: options.checksum)
            let folder = request.destination
            return .transfer(job, localFolder: { host in LocalFolders.hostFolder(host, in: folder) })
        }
    }
}

/// The local side of a get: the folder given, with one folder per host inside it.
enum LocalFolders {
    /// `mkdir -p`; an error message, or nil when the folder exists and can be written.
    static func make(_ path: String) -> String? {
        if let error = LocalFiles.makeFolders(path, mode: 0o755) { return error.message }
        guard access(path, W_OK) == 0 else { return "cannot write in \(path): \(errnoText(errno))" }
        return nil
    }

    /// `DEST/HOST`: the host's name as in the inventory, made one file name
    /// (`HostFileName`).
    static func hostFolder(_ host: String, in folder: String) -> String {
        let name = HostFileName.of(host)
        return folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
