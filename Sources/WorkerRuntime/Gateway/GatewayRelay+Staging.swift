#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient
import WorkerProtocol

/// A put through a gateway crosses the client's link once: each local file (and
/// folder) of the plan is copied to a staging folder on the gateway,
/// `~/.cache/chorus/stage-NONCE/`, the first time a job names it, and every host's job
/// then names the copy, which the far worker reads as it would a local file. Files go
/// one at a time, in the plan's order; the folder is removed when the relay ends, and
/// the copies of earlier puts when a new put's first copy starts (`removeEarlierCopies`),
/// so a relay that lives on (the shell's, the session mux's) keeps one put's files
/// there, not every file it ever sent.
///
/// A copy (or a failure to make one) stands for the local file as it was: its key is the
/// path with the file's state (`LocalFileKey`), so in the shell, whose relay lives on
/// between commands, a file edited, replaced or made readable since is sent again.
struct Staging {
    /// Path and identity → its copy on the gateway (relative to the login folder).
    var copies: [String: String] = [:]
    /// Path and identity → why it could not be copied (the jobs naming it fail with this).
    var failures: [String: JobOutcome] = [:]
    /// The copy being made, and the SFTP operation making it (for a cancel).
    var inFlight: (path: String, cancel: () -> Void)?
    var folderMade = false
    /// Copies made or started so far, which names the next one.
    var started = 0
    let folder = "\(GatewayLaunch.folder)/stage-\(Staging.nonce())"

    private static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined()
    }
}

/// What to do with a frame waiting to go to the far worker.
enum HeldFrame {
    case forward(Frame)
    /// Not yet: a file it names is on its way to the gateway.
    case wait
    /// Answered here: the job fails without reaching the far worker.
    case answer(Frame)
    /// Acted on here; nothing goes on (an `input`: the relay sends the bytes itself).
    case taken
}

extension GatewayRelay {
    /// A put with its sources replaced by their copies on the gateway; a copy is started
    /// for the first source that has none.
    func staged(_ job: TransferJob) -> HeldFrame {
        guard job.direction == .put else { return farGet(job) }
        var job = job
        for index in job.sources.indices {
            let key = LocalFileKey.of(job.sources[index].path)
            if let failure = staging.failures[key] {
                return .answer(.result(JobResult(jobID: job.jobID, outcome: failure, durationMillis: 0)))
            }
            guard let copy = staging.copies[key] else {
                stage(job.sources[index], key: key)
                return .wait
            }
            job.sources[index].path = copy
        }
        return .forward(.transfer(job))
    }

    private func stage(_ source: TransferJob.Source, key: String) {
        guard let session, staging.inFlight == nil else { return }
        guard staging.folderMade else { return makeStagingFolder(session) }
        removeEarlierCopies(session)
        staging.started += 1
        let copy = "\(staging.folder)/\(staging.started)"
        if source.isDirectory {
            let mode = LocalFiles.mode(of: source.path, default: 0o755) & 0o777
            let operation = session.makeDirectory(copy, mode: mode) { [unowned self] result in
                staged(source.path, key: key, as: copy, result.map { _ in () })
            }
            staging.inFlight = (source.path, operation.cancel)
            return
        }
        let file: FileSource
        do { file = try FileSource(path: source.path) } catch {
            return staged(source.path, key: key, as: copy, .failure(error))
        }
        let transfer = session.put(source: file, remotePath: copy, mode: file.mode & 0o777, times: file.times,
                                   verifySHA256: source.sha256) { [unowned self] event in
            guard case .finished(let outcome) = event else { return }
            switch outcome {
            case .completed: staged(source.path, key: key, as: copy, .success(()))
            case .cancelled: staged(source.path, key: key, as: copy, nil)
            case .failed(let error): staged(source.path, key: key, as: copy, .failure(error))
            }
        }
        staging.inFlight = (source.path, transfer.cancel)
    }

    func makeStagingFolder(_ session: SSHSession) {
        let operation = session.makeDirectory(staging.folder, mode: 0o700) { [unowned self] result in
            staging.inFlight = nil
            if case .failure(let error) = result {
                return lost(reason: "cannot make the staging folder ~/\(staging.folder): \(error.message)")
            }
            staging.folderMade = true
            forwardHeld()
        }
        staging.inFlight = ("", operation.cancel)
    }

    /// `result` nil: the copy was called off (no waiting job needed it); nothing is
    /// recorded, and a later job naming the file stages it afresh.
    private func staged(_ path: String, key: String, as copy: String, _ result: Result<Void, SFTPError>?) {
        staging.inFlight = nil
        if case .failure(let error)? = result, error.kind == .connectionLost || session?.isFinished ?? true {
            return lost(reason: "the connection broke while copying \(path) there (\(error.message))")
        }
        switch result {
        case .success?: staging.copies[key] = copy
        case .failure(let error)?:
            let message = "gateway \(gatewayName): cannot stage \(path) there: \(error.message)"
            staging.failures[key] = .failed(kind: error.kind.rawValue, message: message)
        case nil: break
        }
        forwardHeld()
    }

    /// A cancel for a job still waiting here (a put for its files, any job for the
    /// gateway's start) is answered here; a copy in flight stops once no waiting job
    /// needs it. Other cancels go on at once.
    func cancelHeld(_ jobID: UInt64, timedOut: Bool) -> Bool {
        guard let index = held.firstIndex(where: { $0.jobID == jobID }) else { return false }
        held.remove(at: index)
        heldSince[jobID] = nil
        say(.result(JobResult(jobID: jobID, outcome: timedOut ? .timedOut : .cancelled, durationMillis: 0)))
        if let inFlight = staging.inFlight, !inFlight.path.isEmpty, !heldJobsNeed(inFlight.path) { inFlight.cancel() }
        return true
    }

    /// A job's timeout counts from when the shell sent it, as for a local worker: time
    /// spent here waiting for files is taken off what the far worker is given, and a job
    /// whose time runs out while it waits is answered here as timed out.
    func withTimeLeft(_ frame: Frame) -> Frame {
        guard let jobID = frame.jobID, let since = heldSince.removeValue(forKey: jobID) else { return frame }
        let waited = UInt32(clamping: Int((MonotonicClock.now - since) * 1000))
        switch frame {
        case .exec(var job) where job.timeoutMillis > 0:
            job.timeoutMillis = max(1, job.timeoutMillis &- min(waited, job.timeoutMillis))
            return .exec(job)
        case .transfer(var job) where job.timeoutMillis > 0:
            job.timeoutMillis = max(1, job.timeoutMillis &- min(waited, job.timeoutMillis))
            return .transfer(job)
        default: return frame
        }
    }

    /// Answers the waiting jobs whose timeout has run out (called every loop turn).
    func expireHeldJobs() {
        let now = MonotonicClock.now
        for frame in held {
            guard let jobID = frame.jobID, let since = heldSince[jobID], let limit = Self.timeoutMillis(of: frame),
                  limit > 0, (now - since) * 1000 >= Double(limit) else { continue }
            _ = cancelHeld(jobID, timedOut: true)
        }
    }

    private static func timeoutMillis(of frame: Frame) -> UInt32? {
        switch frame {
        case .exec(let job): job.timeoutMillis
        case .transfer(let job): job.timeoutMillis
        default: nil
        }
    }

    /// Removes the copies no waiting job names. No job of the far worker's reads them
    /// any more either: the shell runs one command at a time (and the mux lends to one
    /// run at a time), and a command ends only when every job of it has answered, or its
    /// worker, this relay, is killed.
    private func removeEarlierCopies(_ session: SSHSession) {
        let earlier = staging.copies.filter { !heldJobsNeed(LocalFileKey.path(of: $0.key)) }
        guard !earlier.isEmpty else { return }
        for key in earlier.keys { staging.copies[key] = nil }
        session.exec("rm -rf -- " + earlier.values.sorted().map { "\"$HOME/\($0)\"" }.joined(separator: " ")) { _ in }
    }

    private func heldJobsNeed(_ path: String) -> Bool {
        held.contains { frame in
            guard case .transfer(let job) = frame else { return false }
            return job.sources.contains { $0.path == path }
        }
    }

    /// Removes the staging folder, waiting a few seconds at most (the relay is ending).
    func removeStagingFolder() {
        guard staging.folderMade, let session, !session.isFinished else { return }
        var done = false
        session.exec("rm -rf \"$HOME/\(staging.folder)\"") { event in
            if case .finished = event { done = true }
        }
        _ = loop.run(limit: 5) { done }
    }
}
