import Posix
import SSHClient
import WorkerProtocol

extension Worker {
    /// Runs a job on the host's kept session, connecting (again) if there is none.
    /// `retry`: this is the job's second start, after its kept session proved dead.
    func start(_ job: ExecJob, retry: Bool = false) {
        guard hosts[job.hostID] != nil else {
            return send(.result(JobResult(jobID: job.jobID, outcome: .failed(kind: "protocol", message: "unknown host id \(job.hostID)"), durationMillis: 0)))
        }
        let input: SpoolFeed?
        switch self.input(for: job) {
        case .success(let feed): input = feed
        case .failure(let error):
            return send(.result(JobResult(jobID: job.jobID, outcome: .failed(kind: error.kind.rawValue, message: error.message), durationMillis: 0)))
        }
        let kept = hosts[job.hostID]?.session.map { $0.phase == .ready } ?? false
        let session = liveSession(for: job.hostID)
        let now = MonotonicClock.now
        let jobID = job.jobID
        let sudo = job.sudo.map { SudoRequest(password: $0.password) }
        let channel = session.exec(job.command, pty: job.pty, input: input, sudo: sudo) { [unowned self] event in
            self.report(event, of: jobID)
        }
        input?.channel = channel
        guard !channel.isDone else { return }  // it already failed and reported
        let deadline = job.timeoutMillis > 0 ? now + Double(job.timeoutMillis) / 1000 : nil
        jobs[jobID] = RunningJob(hostID: job.hostID, channel: channel, started: now, deadline: deadline, job: job,
                                 retryable: kept && !retry)
        if !retry { send(.started(jobID: jobID)) }
    }

    func liveSession(for hostID: UInt32) -> SSHSession {
        if let session = hosts[hostID]?.session, !session.isFinished { return session }
        if let stale = hosts[hostID]?.session { loop.remove(stale) }
        // Checked by the caller: the host is known.
        var target = hosts[hostID]!.spec.target
        target.hashKnownHosts = hashKnownHosts
        for index in target.jumps.indices { target.jumps[index].hashKnownHosts = hashKnownHosts }
        let session = loop.connect(target)
        hosts[hostID]?.session = session
        return session
    }

    /// Output becomes frames within the job's flow-control window; the end becomes the
    /// job's one result.
    func report(_ event: ExecEvent, of jobID: UInt64) {
        switch event {
        case .stdout(let bytes): forward(bytes, .stdout, jobID)
        case .stderr(let bytes): forward(bytes, .stderr, jobID)
        case .finished(let outcome):
            if retryIfStale(outcome, jobID) { return }
            let started = jobs[jobID]?.started ?? MonotonicClock.now
            let millis = UInt32(clamping: Int((MonotonicClock.now - started) * 1000))
            if let job = jobs[jobID], job.channel.mayStillRun { warnStillRunning(job) }
            jobs[jobID] = nil
            send(.result(JobResult(jobID: jobID, outcome: outcome.jobOutcome, durationMillis: millis)))
        }
    }

    /// The host's line for a command a cancel or timeout could not kill.
    private func warnStillRunning(_ job: RunningJob) {
        let name = hosts[job.hostID]?.spec.name ?? "host \(job.hostID)"
        send(.log(level: .warning, message: "\(name): the command may still be running "
            + "(its process group never showed on standard output, so it could not be killed)"))
    }

    /// A cancelled job's output is dropped here: the shell no longer wants it, and
    /// queueing it would only delay the job's result behind it.
    private func forward(_ bytes: [UInt8], _ stream: StandardStream, _ jobID: UInt64) {
        if jobs[jobID]?.channel.isCancelled == true { return }
        send(.output(jobID: jobID, stream: stream, bytes: bytes))
        guard var job = jobs[jobID] else { return }
        job.producedOutput = true
        job.allowance.spend(bytes.count)
        if job.allowance.isExhausted || outputHeld { job.channel.isPaused = true }
        jobs[jobID] = job
    }

    /// Commands and transfers past their timeout are stopped; they end as `timedOut`.
    func enforceDeadlines() {
        let now = MonotonicClock.now
        for job in jobs.values {
            if let deadline = job.deadline, now >= deadline { job.channel.cancel(timedOut: true) }
        }
        for running in transfers.values {
            if let deadline = running.transfer.deadline, now >= deadline { running.transfer.cancel(timedOut: true) }
        }
    }

    func secondsUntilNextDeadline() -> Double {
        let now = MonotonicClock.now
        let soonest = (jobs.values.compactMap(\.deadline) + transfers.values.compactMap(\.transfer.deadline)).min().map { $0 - now } ?? 1
        return max(0, min(1, soonest))
    }

    /// A kept session that died while idle (its sshd killed, a NAT that forgot it) fails
    /// the next command before anything ran: `exec failed: Failed waiting for channel
    /// success`, or a lost connection. Nothing ran, so the job goes once more, on a fresh
    /// session; only if that fails too is the failure the host's result. True when the
    /// retry was scheduled (after this turn: the dead session is mid-turn now).
    private func retryIfStale(_ outcome: ExecOutcome, _ jobID: UInt64) -> Bool {
        guard case .failed(let error) = outcome, error.kind == .disconnected || error.kind == .remote,
              let job = jobs[jobID], job.retryable, !job.producedOutput, !job.channel.isCancelled else { return false }
        jobs[jobID] = nil
        hosts[job.hostID]?.retireSession = true
        retries.append(job.job)
        return true
    }

    /// Starts the jobs `retryIfStale` set aside, each on a new session.
    func startRetries() {
        guard !retries.isEmpty else { return }
        let due = retries
        retries = []
        for job in due {
            if hosts[job.hostID]?.retireSession == true, let stale = hosts[job.hostID]?.session {
                loop.remove(stale)
                hosts[job.hostID]?.session = nil
            }
            hosts[job.hostID]?.retireSession = false
            start(job, retry: true)
        }
    }
}
