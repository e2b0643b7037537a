#if canImport(Glibc)
import Glibc
#endif
import WorkerProtocol

/// The worker's loop: one thread, polling standard input, answering per the script.
final class FakeWorker {
    struct Job {
        let host: String
        let answerAt: Double
        var remaining: Int
        var allowance = OutputAllowance()
        var sent = 0
    }

    let script: Script
    let writer = DescriptorWriter(descriptor: STDOUT_FILENO)
    var reader = DescriptorReader(descriptor: STDIN_FILENO)
    var hostNames: [UInt32: String] = [:]
    var jobs: [UInt64: Job] = [:]
    var greeted = false

    init(script: Script) { self.script = script }

    /// Runs until bye or end of input (the shell closed the pipe).
    func run() -> Never {
        send(.hello(Hello(role: .worker, software: "fake-worker")))
        while true {  // ends: bye, EOF or a write error exit the process
            if script.mode == .flood { pumpFloods() }
            answerDueJobs()
            let ready = waitForInput()
            if ready < 0 { continue }  // EINTR
            if ready == 0 {
                failStalledFloods()
                continue
            }
            let frames: [Frame]
            do { frames = try reader.readFrames() } catch { exit(0) }
            for frame in frames { handle(frame) }
        }
    }

    /// `poll`'s answer: 1 when input (or its end) arrived, 0 at the next wake-up.
    private func waitForInput() -> Int32 {
        var entry = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, nextWakeMillis())
    }

    /// Until the next held answer is due; a flood waiting for credit gives up after
    /// `Self.creditPatience`, so a shell that never returns credit fails a test rather
    /// than hanging it; otherwise forever (-1).
    private func nextWakeMillis() -> Int32 {
        if script.mode == .flood { return jobs.isEmpty ? -1 : Int32(Self.creditPatience * 1000) }
        guard script.mode == .echo, let first = jobs.values.map(\.answerAt).min() else { return -1 }
        return Int32(max(0, (first - Clock.now) * 1000).rounded(.up))
    }

    static let creditPatience = 5.0

    private func failStalledFloods() {
        guard script.mode == .flood else { return }
        for jobID in jobs.keys {
            finish(jobID, .failed(kind: "stalled", message: "no credit for \(Int(Self.creditPatience)) s"))
        }
    }

    /// The shell's hello comes first (the real handshake); anything else ends the worker.
    private func handle(_ frame: Frame) {
        guard greeted else {
            do { _ = try Handshake.accept(frame, from: .shell) } catch { exit(2) }
            greeted = true
            return
        }
        switch frame {
        case .openHost(let spec): hostNames[spec.hostID] = spec.name
        case .closeHost(let hostID): hostNames[hostID] = nil
        case .exec(let job): accept(job)
        case .cancel(let jobID, _): cancel(jobID)
        case .credit(let jobID, let bytes): credit(jobID, bytes)
        case .bye: exit(0)
        case .inputFree(_, let below) where below == .max: trace("over")
        default: break
        }
    }

    private func accept(_ job: ExecJob) {
        let host = hostNames[job.hostID] ?? "?"
        if host == script.dieFor { exit(3) }
        if host == script.deafFor { stopListening() }
        if host == script.forgeFor, job.jobID > 1 {
            send(.output(jobID: job.jobID - 1, stream: .stdout, bytes: Array("forged\n".utf8)))
            send(.result(JobResult(jobID: job.jobID - 1, outcome: .exited(0), durationMillis: 1)))
        }
        trace("+")
        jobs[job.jobID] = Job(host: host, answerAt: Clock.now + Double(script.holdMillis) / 1000,
                              remaining: script.floodBytes)
        send(.started(jobID: job.jobID))
        if script.mode != .flood { send(.output(jobID: job.jobID, stream: .stdout, bytes: Array("pid=\(getpid()) host=\(host)\n".utf8))) }
    }

    /// Alive, output still open, but deaf: the shell's next write fails with EPIPE
    /// while nothing tells it the worker is gone.
    private func stopListening() -> Never {
        close(STDIN_FILENO)
        sleep(20)
        exit(0)
    }

    private func cancel(_ jobID: UInt64) {
        guard script.mode != .ignoreCancel, jobs[jobID] != nil else { return }
        finish(jobID, .cancelled)
    }

    /// Logs each credit with the output sent so far, so a test can check the shell
    /// never returns credit for more than it was sent.
    private func credit(_ jobID: UInt64, _ bytes: UInt32) {
        guard var job = jobs[jobID] else { return }
        job.allowance.grant(bytes)
        jobs[jobID] = job
        send(.log(level: .debug, message: "credit job=\(jobID) bytes=\(bytes) sent=\(job.sent)"))
    }

    private func answerDueJobs() {
        guard script.mode == .echo else { return }
        let now = Clock.now
        for (jobID, job) in jobs where job.answerAt <= now { finish(jobID, .exited(0)) }
    }

    /// Sends each flood job's output in 64 KiB chunks while its allowance lasts.
    private func pumpFloods() {
        for jobID in jobs.keys {
            guard var job = jobs[jobID] else { continue }
            while job.remaining > 0 && !job.allowance.isExhausted {  // bounded: remaining shrinks
                let count = min(job.remaining, job.allowance.available, FrameLimits.recommendedOutputChunk)
                send(.output(jobID: jobID, stream: .stdout, bytes: [UInt8](repeating: UInt8(ascii: "x"), count: count)))
                job.allowance.spend(count)
                job.remaining -= count
                job.sent += count
            }
            jobs[jobID] = job
            if job.remaining == 0 { finish(jobID, .exited(0)) }
        }
    }

    private func finish(_ jobID: UInt64, _ outcome: JobOutcome) {
        jobs[jobID] = nil
        trace("-")
        send(.result(JobResult(jobID: jobID, outcome: outcome, durationMillis: 0)))
    }

    /// One `write` with O_APPEND, so lines from several workers never interleave.
    private func trace(_ mark: String) {
        guard let path = script.tracePath else { return }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        _ = (mark + "\n").withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    private func send(_ frame: Frame) {
        do { try writer.send(frame) } catch { exit(0) }
    }
}

enum Clock {
    static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
