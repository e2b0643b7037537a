import Posix
import SSHClient
import WorkerProtocol

/// One `transfer` job on one host's kept session: find out where things go (a put stats
/// the destination; a get lists the remote sources), create the folders, then copy the
/// files, several in flight at once, each through a temporary name renamed into place.
///
/// Driven by the session's callbacks on the loop thread. The first failing file ends the
/// job: the files still in flight are cancelled (their temporary files removed), then the
/// failure is the host's one result.
final class HostTransfer {
    enum Report {
        case progress(done: UInt64, total: UInt64)
        /// Something the job left out on purpose (a remote socket, say), for the operator.
        case skipped(String)
        case finished(JobOutcome)
    }

    enum Phase {
        case start, findingDestination, listing, makingFolders, copying, done
    }

    /// One file to copy: `from` and `to` are local and remote paths in the job's direction.
    struct PlannedFile {
        let from: String
        let to: String
        let size: UInt64
        let sha256: String?
    }

    /// A file being copied and the bytes it has moved so far.
    final class Copy {
        let file: PlannedFile
        var transfer: SFTPTransfer?
        var done: UInt64 = 0
        var finished = false

        init(_ file: PlannedFile) { self.file = file }
    }

    /// Files copied at once per host: enough to overlap the round trips of small files
    /// (the session spreads them over its SFTP channels) without thrashing big ones.
    static let filesInFlight = 8

    let job: TransferJob
    let session: SSHSession
    let shelf: FileSourceShelf
    let report: (Report) -> Void
    let started = MonotonicClock.now
    let deadline: Double?

    var phase = Phase.start
    /// Put: the destination's stat. Get: the listing of `sources[listed]` when it arrives.
    var destination: Result<RemoteFileInfo, SFTPError>?
    var listed = 0
    var folders: [(path: String, mode: UInt32)] = []
    var foldersMade = 0
    var files: [PlannedFile] = []
    var filesStarted = 0
    var copies: [Copy] = []
    var bytesFinished: UInt64 = 0
    var totalBytes: UInt64 = 0
    /// The operation being waited for (stat, list, mkdir), so a cancel can stop it.
    var operation: SFTPOperation?
    /// Set once the job knows how it ends; it then waits for what is in flight to stop.
    var ending: JobOutcome?
    private var advancing = false
    private var advanceAgain = false

    init(_ job: TransferJob, session: SSHSession, shelf: FileSourceShelf, report: @escaping (Report) -> Void) {
        self.job = job
        self.session = session
        self.shelf = shelf
        self.report = report
        deadline = job.timeoutMillis > 0 ? started + Double(job.timeoutMillis) / 1000 : nil
    }

    var isDone: Bool { phase == .done }

    /// Stops every file in flight; the job ends as cancelled (or timed out).
    func cancel(timedOut: Bool) {
        end(timedOut ? .timedOut : .cancelled)
    }

    /// Records how the job ends (the first reason wins) and winds it down.
    func end(_ outcome: JobOutcome) {
        if ending == nil { ending = outcome }
        advance()
    }

    /// Moves the job on as far as it goes. Session callbacks may arrive while this runs
    /// (a failed session answers at once); they ask for another pass instead of nesting.
    func advance() {
        guard !isDone else { return }
        if advancing {
            advanceAgain = true
            return
        }
        advancing = true
        defer { advancing = false }
        repeat {
            advanceAgain = false
            step()
        } while advanceAgain && !isDone
    }

    private func step() {
        if let ending { return windDown(ending) }
        switch phase {
        case .start: begin()
        case .findingDestination, .listing: if operation == nil { continueFinding() }
        case .makingFolders: makeNextFolder()
        case .copying: startCopies()
        case .done: break
        }
    }

    private func begin() {
        switch job.direction {
        case .put:
            phase = .findingDestination
            wait(for: session.stat(job.destination) { [weak self] result in
                self?.destination = result
                self?.operationFinished()
            })
        case .get:
            phase = .listing
            if let error = LocalFiles.makeFolders(job.destination, mode: 0o755) { return end(outcome(for: error)) }
            continueFinding()
        }
    }

    /// Keeps `operation` only while it is still running (a failed session answers at once).
    func wait(for started: SFTPOperation) {
        if !started.isDone { operation = started }
    }

    func operationFinished() {
        operation = nil
        advance()
    }

    /// After the destination's stat (put) or each listing (get): plan, or list the next.
    private func continueFinding() {
        switch job.direction {
        case .put:
            guard let destination else { return }
            if let failure = planPut(destination) { return end(failure) }
            phase = .makingFolders
        case .get:
            if listed < job.sources.count { return listNextSource() }
            phase = .makingFolders
        }
        advanceAgain = true
    }

    private func makeNextFolder() {
        guard foldersMade < folders.count else {
            phase = .copying
            return startCopies()
        }
        let folder = folders[foldersMade]
        switch job.direction {
        case .get:
            if let error = LocalFiles.makeFolders(folder.path, mode: folder.mode) { return end(outcome(for: error)) }
            foldersMade += 1
            advanceAgain = true
        case .put:
            guard operation == nil else { return }
            wait(for: session.makeDirectory(folder.path, mode: folder.mode) { [weak self] result in
                guard let self else { return }
                switch result {
                case .success: foldersMade += 1
                case .failure(let error): ending = ending ?? outcome(for: error)
                }
                operationFinished()
            })
        }
    }

    /// Starts files while fewer than `filesInFlight` are running; ends when all are in.
    private func startCopies() {
        while copies.count < Self.filesInFlight, filesStarted < files.count, ending == nil {
            let copy = Copy(files[filesStarted])
            filesStarted += 1
            copies.append(copy)
            startCopy(copy)
        }
        if copies.isEmpty, filesStarted == files.count, ending == nil { finish(.exited(0)) }
    }

    private func startCopy(_ copy: Copy) {
        let handler: (TransferEvent) -> Void = { [weak self, copy] event in self?.copyEvent(event, copy) }
        switch job.direction {
        case .put:
            do {
                let source = try shelf.source(for: copy.file.from)
                copy.transfer = session.put(source: source, remotePath: copy.file.to, mode: source.mode,
                                            times: job.keepTimes ? source.times : nil,
                                            verifySHA256: job.checksum ? copy.file.sha256 : nil, handler: handler)
            } catch {
                copy.finished = true
                copies.removeAll { $0 === copy }
                end(outcome(for: error))
            }
        case .get:
            copy.transfer = session.get(remotePath: copy.file.from, localPath: copy.file.to, keepTimes: job.keepTimes,
                                        verifySHA256: job.checksum, handler: handler)
        }
    }

    private func copyEvent(_ event: TransferEvent, _ copy: Copy) {
        switch event {
        case .progress(let done, _):
            copy.done = done
            reportProgress()
        case .finished(let result):
            guard !copy.finished else { return }
            copy.finished = true
            copies.removeAll { $0 === copy }
            switch result {
            case .completed(let bytes): bytesFinished += bytes
            case .cancelled: break
            case .failed(let error): ending = ending ?? outcome(for: error)
            }
            reportProgress()
            advance()
        }
    }

    /// Stops what is in flight; reports `outcome` once nothing is.
    private func windDown(_ outcome: JobOutcome) {
        operation?.cancel()
        for copy in copies { copy.transfer?.cancel() }
        if operation == nil && copies.isEmpty { finish(outcome) }
    }

    private func finish(_ outcome: JobOutcome) {
        phase = .done
        reportProgress()
        report(.finished(outcome))
    }

    func reportProgress() {
        let moving = copies.reduce(UInt64(0)) { $0 + $1.done }
        report(.progress(done: bytesFinished + moving, total: totalBytes))
    }

    /// A transfer error as the host's outcome. A transfer that lost its connection names
    /// what happened to the session (`refused`, `auth-failed`, `disconnected` …), like a
    /// command would.
    func outcome(for error: SFTPError) -> JobOutcome {
        if let sessionError = error.sessionError ?? failedSession() {
            return .failed(kind: sessionError.kind.rawValue, message: sessionError.message)
        }
        if error.kind == .connectionLost {
            // The socket broke under the transfer before the session noticed: the same
            // kind a command reports when its connection breaks.
            return .failed(kind: SSHError.Kind.disconnected.rawValue, message: error.message)
        }
        return .failed(kind: error.kind.rawValue, message: error.message)

        func failedSession() -> SSHError? {
            guard error.kind == .connectionLost, case .failed(let sessionError) = session.phase else { return nil }
            return sessionError
        }
    }
}
