import Posix
import SSHClient
import WorkerProtocol

extension Worker {
    /// Starts a transfer job on the host's kept session (connecting if needed).
    func start(_ job: TransferJob) {
        guard hosts[job.hostID] != nil else {
            return send(.result(JobResult(jobID: job.jobID, outcome: .failed(kind: "protocol", message: "unknown host id \(job.hostID)"), durationMillis: 0)))
        }
        let jobID = job.jobID
        let transfer = HostTransfer(job, session: liveSession(for: job.hostID), shelf: shelf) { [unowned self] report in
            self.report(report, ofTransfer: jobID)
        }
        transfers[jobID] = RunningTransfer(transfer: transfer)
        send(.started(jobID: jobID))
        transfer.advance()
    }

    /// Progress goes out at most ten times a second per job (and once more at the end);
    /// the end becomes the job's one result.
    private func report(_ report: HostTransfer.Report, ofTransfer jobID: UInt64) {
        switch report {
        case .progress(let done, let total):
            guard var running = transfers[jobID] else { return }
            running.pendingProgress = (done, total)
            let now = MonotonicClock.now
            if now - running.lastProgress >= 0.1 && !outputHeld {  // held: the latest waits, the rest is moot
                send(.progress(jobID: jobID, done: done, total: total))
                running.lastProgress = now
                running.pendingProgress = nil
            }
            transfers[jobID] = running
        case .skipped(let message):
            send(.output(jobID: jobID, stream: .stderr, bytes: Array("chorus: \(message)\n".utf8)))
        case .finished(let outcome):
            guard let running = transfers.removeValue(forKey: jobID) else { return }
            if let (done, total) = running.pendingProgress { send(.progress(jobID: jobID, done: done, total: total)) }
            let millis = UInt32(clamping: Int((MonotonicClock.now - running.transfer.started) * 1000))
            send(.result(JobResult(jobID: jobID, outcome: outcome, durationMillis: millis)))
            if transfers.isEmpty { shelf.empty() }
        }
    }
}

/// A transfer job and its progress throttle.
struct RunningTransfer {
    let transfer: HostTransfer
    var lastProgress = 0.0
    var pendingProgress: (done: UInt64, total: UInt64)?
}
