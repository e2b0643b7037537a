import Posix
import SSHClient
import WorkerProtocol

extension Worker {
    /// Runs a job on the host's kept session, connecting (again) if there is none.
    func start(_ job: ExecJob) {
        guard hosts[job.hostID] != nil else {
            return send(.result(JobResult(jobID: job.jobID, outcome: .failed(kind: "protocol", message: "unknown host id \(job.hostID)"), durationMillis: 0)))
        }
        let input: SpoolFeed?
        switch self.input(for: job) {
        case .success(let feed): input = feed
        case .failure(let error):
            return send(.result(JobResult(jobID: job.jobID, outcome: .failed(kind: error.kind.rawValue, message: error.message), durationMillis: 0)))
        }
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
        jobs[jobID] = RunningJob(hostID: job.hostID, channel: channel, started: now, deadline: deadline)
        send(.started(jobID: jobID))
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

    private func forward(_ bytes: [UInt8], _ stream: StandardStream, _ jobID: UInt64) {
        send(.output(jobID: jobID, stream: stream, bytes: bytes))
        guard var job = jobs[jobID] else { return }
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
}
