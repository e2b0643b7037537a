import SSHClient
import WorkerProtocol

extension Worker {
    /// Acts on one frame from the shell; false when the shell said bye.
    func handle(_ frame: Frame) -> Bool {
        if !shellGreeted {
            guard acceptHello(frame) else { return false }
            return true
        }
        switch frame {
        case .openHost(let spec): openHost(spec)
        case .closeHost(let hostID): closeHost(hostID)
        case .exec(let job): start(job)
        case .transfer(let job): start(job)
        case .cancel(let jobID, let timedOut): cancel(jobID, timedOut: timedOut)
        case .credit(let jobID, let bytes): grant(bytes, to: jobID)
        case .input(let streamID, let length, let ended): inputGrew(streamID, length: length, ended: ended)
        case .inputData(let streamID, let offset, let bytes): inputArrived(streamID, at: offset, bytes)
        case .inputFree(let streamID, let below): inputFreed(streamID, below: below)
        case .bye: return false
        case .hello, .started, .output, .progress, .result, .log, .inputTaken:
            send(.log(level: .warning, message: "worker: ignored a \(frame.kind) frame, which only workers send"))
        }
        return true
    }

    private func cancel(_ jobID: UInt64, timedOut: Bool) {
        if let waiting = retries.firstIndex(where: { $0.jobID == jobID }) {  // set aside for a retry: it never ran
            retries.remove(at: waiting)
            send(.result(JobResult(jobID: jobID, outcome: timedOut ? .timedOut : .cancelled, durationMillis: 0)))
        }
        transfers[jobID]?.transfer.cancel(timedOut: timedOut)
        guard let job = jobs[jobID] else { return }
        job.channel.cancel(timedOut: timedOut)
        out.dropOutput(of: jobID)
        abandonConnecting(job.hostID)
    }

    /// A command whose session is still connecting (a host that accepts TCP and never
    /// sends its banner, a slow login) has not run: the attempt is given up at once, which
    /// reports the command cancelled, instead of waiting out the connect timeout while
    /// the shell's cancel grace runs. The next command on the host connects afresh.
    private func abandonConnecting(_ hostID: UInt32) {
        guard let session = hosts[hostID]?.session, !session.isFinished, session.phase != .ready else { return }
        loop.remove(session)
        hosts[hostID]?.session = nil
    }

    private func acceptHello(_ frame: Frame) -> Bool {
        do {
            _ = try Handshake.accept(frame, from: .shell)
            shellGreeted = true
            return true
        } catch {
            send(.log(level: .error, message: "worker: \(error)"))
            return false
        }
    }

    /// New settings replace old ones; a kept session with other settings is dropped
    /// so the next command reconnects with the new ones.
    private func openHost(_ spec: HostSpec) {
        if let existing = hosts[spec.hostID], existing.spec != spec, let session = existing.session {
            loop.remove(session)
            hosts[spec.hostID]?.session = nil
        }
        hosts[spec.hostID, default: HostEntry(spec: spec)].spec = spec
    }

    private func closeHost(_ hostID: UInt32) {
        if let session = hosts[hostID]?.session { loop.remove(session) }
        hosts[hostID] = nil
    }

    private func grant(_ bytes: UInt32, to jobID: UInt64) {
        guard var job = jobs[jobID] else { return }
        job.allowance.grant(bytes)
        if !job.allowance.isExhausted && !outputHeld { job.channel.isPaused = false }
        jobs[jobID] = job
    }
}
