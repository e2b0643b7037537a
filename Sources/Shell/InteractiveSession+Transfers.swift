import Broadcasting
import WorkerProtocol

extension InteractiveSession {
    /// `:put` and `:get` (and `batch_scp` at the prompt) on the selection or `pattern`,
    /// over the session's kept connections. A relative remote path starts in the folder
    /// a `cd` typed at the prompt moved to, as the commands there do.
    func transfer(_ request: TransferRequest, to pattern: String?) throws -> Bool {
        let hosts = try pattern.map(resolveTarget) ?? selection
        guard !hosts.isEmpty else {
            throw UsageError(pattern == nil ? "nothing selected: :select PATTERN first" : "'\(pattern ?? "")' selects no hosts")
        }
        var request = request
        let typed = request.auditAction
        switch request.direction {
        case .put: request.destination = remotePath(request.destination)
        case .get: request.sources = request.sources.map(remotePath)
        }
        return try run(try TransferRunner.prepare(request, console: console), on: hosts, audit: typed, pattern: pattern)
    }

    private func remotePath(_ path: String) -> String {
        guard let directory = remote.directory, !path.hasPrefix("/"), !path.hasPrefix("~") else { return path }
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }
}

extension TransferRequest {
    /// The request a `:put`/`:get` line or a `batch_scp` line at the prompt makes.
    init?(_ command: ControlCommand) {
        var options = Options()
        switch command {
        case .put(let sources, let destination, let recursive, let preserve, let checksum, let followLinks):
            (options.recursive, options.keepTimes, options.checksum) = (recursive, preserve, checksum)
            options.followLinks = followLinks
            self.init(direction: .put, sources: sources, destination: destination, options: options)
        case .get(let sources, let destination, let recursive, let preserve, let checksum):
            (options.recursive, options.keepTimes, options.checksum) = (recursive, preserve, checksum)
            self.init(direction: .get, sources: sources, destination: destination, options: options)
        default:
            return nil
        }
    }

    init(_ direction: LegacyCommand.Direction, local: String, remote: String) {
        switch direction {
        case .put: self.init(direction: .put, sources: [local], destination: remote, options: Options())
        case .get: self.init(direction: .get, sources: [remote], destination: local, options: Options())
        }
    }
}
