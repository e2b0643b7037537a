#if canImport(Glibc)
import Glibc
#endif
import SSHClient
import WorkerProtocol

/// The worker's state, all owned by the loop thread: hosts (settings and kept
/// sessions), running commands and running transfers.
final class Worker {
    struct HostEntry {
        var spec: HostSpec
        var session: SSHSession?
        /// Its kept session proved dead: drop it before the next start.
        var retireSession = false
    }

    struct RunningJob {
        let hostID: UInt32
        let channel: ExecChannel
        let started: Double
        let deadline: Double?
        var allowance = OutputAllowance()
        /// The job as sent, for the one retry on a fresh session (see `retryIfStale`).
        let job: ExecJob
        /// It went to a session kept from an earlier job, and has not been retried yet.
        let retryable: Bool
        /// Output has been forwarded: the command ran, so it is never run again.
        var producedOutput = false
    }

    let loop: SSHEventLoop
    var out: QueuedDescriptorWriter
    let inbox: FrameInbox
    let software: String
    /// `HashKnownHosts` from the OpenSSH config here: how new hosts are recorded.
    let hashKnownHosts: Bool
    var hosts: [UInt32: HostEntry] = [:]
    var jobs: [UInt64: RunningJob] = [:]
    var transfers: [UInt64: RunningTransfer] = [:]
    var inputStreams: [UInt32: InputStream] = [:]
    /// Jobs to start again on a fresh session once the loop's turn is over.
    var retries: [ExecJob] = []
    let shelf = FileSourceShelf()
    var shellGreeted = false
    /// Set when the output stream broke: nothing more can be reported.
    var outputClosed = false
    /// Set while too many frames wait for the shell: every command's output is then
    /// left unread (the hosts wait, their SSH windows full) until the shell reads on.
    var outputHeld = false

    init(input: Int32, output: Int32, software: String) throws {
        loop = try SSHEventLoop()
        out = try QueuedDescriptorWriter(descriptor: output)
        inbox = FrameInbox(descriptor: input, waker: loop.waker)
        self.software = software
        hashKnownHosts = OpenSSHHashKnownHosts.enabled(home: getenv("HOME").map { String(cString: $0) })
    }

    /// The loop: frames out to the shell, SSH work, then frames from the shell, then
    /// deadlines, until the end.
    func serve() -> Int32 {
        send(.hello(Hello(version: ProtocolVersion.current, role: .worker, software: software)))
        while true {
            flushOutput()
            loop.runOnce(maxWait: secondsUntilNextDeadline(), writable: out.waitingBytes > 0 && !outputClosed ? out.descriptor : -1)
            let (frames, end) = inbox.drain()
            for frame in frames where !handle(frame) { return shutDown(status: 0) }
            enforceDeadlines()
            startRetries()
            reportInputTaken()
            switch end {
            case .open: continue
            case .finished: return shutDown(status: 0)
            case .failed(let reason):
                send(.log(level: .error, message: "worker: bad input from the shell: \(reason)"))
                return shutDown(status: 1)
            }
        }
    }

    /// Queues a frame for the shell; the loop writes it when the shell can take it.
    func send(_ frame: Frame) {
        guard !outputClosed else { return }
        out.enqueue(frame)
    }

    /// Writes what the shell takes now, then holds or releases every command's output
    /// as the queue crosses its marks (resuming below half the high-water mark, so a
    /// shell reading slowly does not flip the hold on every frame).
    func flushOutput() {
        guard !outputClosed else { return }
        do { try out.flush() } catch { outputClosed = true }
        let held = outputHeld ? out.waitingBytes > QueuedDescriptorWriter.highWater / 2 : out.isBacklogged
        guard held != outputHeld else { return }
        outputHeld = held
        for job in jobs.values { job.channel.isPaused = held || job.allowance.isExhausted }
    }

    /// Stops every running command (so nothing is left running on any host), waits a
    /// bounded time for them to end, closes every session and says bye.
    private func shutDown(status: Int32) -> Int32 {
        for job in jobs.values { job.channel.cancel() }
        for running in transfers.values { running.transfer.cancel(timedOut: false) }
        _ = loop.run(limit: 3) { jobs.isEmpty && transfers.isEmpty }
        for entry in hosts.values { entry.session.map(loop.remove) }
        send(.bye)
        if !outputClosed { _ = try? out.drain(limit: 10) }
        return status
    }
}
