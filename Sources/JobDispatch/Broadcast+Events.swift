#if canImport(Glibc)
import Glibc
#endif
import Posix
import WorkerProtocol

extension Broadcast {
    /// Reads what one worker sent and acts on it; a worker that closed its stream or
    /// sent garbage is buried and its jobs reported.
    func service(slot: Int) {
        guard let worker = pool.slots[slot] else { return }
        do throws(TransportError) {
            for frame in try worker.reader.readFrames() { try handle(frame, from: worker, slot: slot) }
        } catch {
            worker.markDead(describe(error))
            workerDied(slot: slot, detail: worker.reapIfExited() ?? describe(error))
        }
    }

    private func describe(_ error: TransportError) -> String {
        error == .closed ? "closed its stream" : error.description
    }

    private func handle(_ frame: Frame, from worker: WorkerProcess, slot: Int) throws(TransportError) {
        if !worker.greeted {
            do { try worker.acceptHello(frame) } catch { throw .frame(error) }
            return
        }
        // A worker speaks only of jobs it was given: a worker on a gateway is another
        // machine's program and job ids are easy to guess, so a frame for another
        // worker's job (output or a result for a host it does not reach) breaks it.
        if let jobID = frame.jobID, let job = inFlight[jobID], job.slot != slot {
            throw .frame(.malformed("a worker sent \(frame.kind) for job \(jobID), which another worker holds"))
        }
        switch frame {
        case .output(let jobID, let stream, let bytes): try deliver(bytes, stream, jobID, to: worker)
        case .result(let result): complete(result)
        case .log(let level, let message):
            if level == .error, worker.gateway != nil { worker.gatewayFailure = message }
            sink(.log(level: level, message: message))
        case .bye: throw .closed
        case .progress(let jobID, let done, let total):
            if let job = inFlight[jobID] { sink(.progress(host: job.host, done: done, total: total)) }
        case .started: break
        case .inputTaken(let streamID, let offset, let jobs):
            if streamID == input?.streamID { inputTaken(offset, jobs: jobs, slot: slot) }
        case .hello, .openHost, .closeHost, .exec, .transfer, .cancel, .credit, .input, .inputData, .inputFree:
            throw .frame(.malformed("a worker sent a \(frame.kind) frame, which only the shell sends"))
        }
    }

    /// Output goes to the sink at once; the consumed bytes go back as credit. Once the
    /// broadcast is cancelled, output still on its way is read and dropped: the pipe
    /// keeps draining, so the workers' results (the cancel's confirmation) come through
    /// at once instead of after seconds of output written to a slow terminal.
    private func deliver(_ bytes: [UInt8], _ stream: StandardStream, _ jobID: UInt64,
                         to worker: WorkerProcess) throws(TransportError) {
        guard var job = inFlight[jobID] else { return }
        if !cancelled { takeSignals() }
        if !cancelled { sink(.output(host: job.host, stream: stream, bytes: bytes)) }
        if let credit = job.credit.consumed(bytes.count) { try worker.send(.credit(jobID: jobID, bytes: credit)) }
        inFlight[jobID] = job
    }

    private func complete(_ result: JobResult) {
        guard let job = inFlight.removeValue(forKey: result.jobID) else { return }
        finish(job.host, result.outcome, result.durationMillis)
    }

    /// Every job the worker held fails as "worker-died"; its hosts reconnect next time.
    func workerDied(slot: Int, detail: String) {
        let failure = Self.deathOutcome(of: pool.slots[slot], detail: detail)
        pool.bury(slot: slot)
        input?.shares[slot] = nil
        for (jobID, job) in inFlight where job.slot == slot {
            inFlight[jobID] = nil
            finish(job.host, failure, 0)
        }
    }

    /// What a dead worker's jobs become: `worker-died`, or for a gateway's worker
    /// `gateway`, with the relay's own reason when it gave one.
    private static func deathOutcome(of worker: WorkerProcess?, detail: String) -> JobOutcome {
        let pid = worker?.pid ?? 0
        guard let gateway = worker?.gateway else {
            return .failed(kind: "worker-died", message: "worker process \(pid) \(detail)")
        }
        // The relay says "gateway NAME: reason"; the kind already says "gateway".
        let said = worker?.gatewayFailure.map { $0.hasPrefix("gateway ") ? String($0.dropFirst(8)) : $0 }
        return .failed(kind: "gateway", message: said ?? "\(gateway) lost (relay process \(pid) \(detail))")
    }

    /// Stops the broadcast: running jobs are cancelled on their hosts, queued ones never
    /// start. Workers that do not confirm within `grace` seconds are killed.
    func cancel(grace: Double = 3) {
        guard !cancelled else { return }
        cancelled = true
        cancelDeadline = MonotonicClock.now + grace
        for host in pending { finish(host.name, .cancelled, 0) }
        pending.removeAll()
        for (jobID, job) in inFlight {
            do { try pool.slots[job.slot]?.send(.cancel(jobID: jobID, timedOut: false)) } catch {
                workerDied(slot: job.slot, detail: "could not be told to cancel")
            }
        }
    }

    /// Past the cancel grace period, workers still holding jobs are killed.
    func enforceCancelDeadline() {
        guard let cancelDeadline, MonotonicClock.now >= cancelDeadline else { return }
        let stuck = Set(inFlight.values.map(\.slot))
        for slot in stuck { workerDied(slot: slot, detail: "did not confirm the cancel in time and was killed") }
    }

    /// Seconds past the command timeout after which a worker that has not answered a
    /// job counts as stuck (stopped, wedged): its own timeout and cancel would have
    /// ended the job well before.
    static let answerGrace: Double = 10

    /// With a command timeout, a job unanswered at timeout plus grace kills its worker
    /// (its hosts fail as worker-died), so a cron run never hangs on a stuck worker.
    func enforceAnswerDeadline() {
        guard let timeout = options.commandTimeout else { return }
        let now = MonotonicClock.now
        let stuck = Set(inFlight.values.filter { now >= $0.sent + timeout + Self.answerGrace }.map(\.slot))
        for slot in stuck {
            workerDied(slot: slot, detail: "did not answer within the command timeout plus \(Int(Self.answerGrace)) s and was killed")
        }
    }
}
