// JobDispatch: the producer side — the worker pool, bounded job queues, host-to-worker
// affinity, cancellation and timeouts.

#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import Posix
import WorkerProtocol

/// One worker process: `chorus __worker` in its own process group (so a terminal ^C
/// reaches only the shell), talking frames over its standard input and output.
final class WorkerProcess {
    let pid: pid_t
    let writer: DescriptorWriter
    var reader: DescriptorReader
    private(set) var greeted = false
    /// Lent by the session mux: another process's child, which this process neither
    /// waits for nor kills (see `WorkerPool.giveBack`).
    let isLent: Bool
    /// The gateway this worker runs on, through a relay process here; nil: a local worker.
    var gateway: String?
    /// Why the gateway's relay gave up, as it said in an error `log` (see `GatewayRelay`).
    var gatewayFailure: String?
    /// Host ids whose settings this worker has been sent, with the settings.
    var knownHosts: [UInt32: HostSpec] = [:]
    /// Set once the worker is known to be gone: EOF or bad frames on its stream, a
    /// failed write, or reaped. Never cleared: a dead worker is replaced, not revived.
    private(set) var deathReason: String?
    /// How the process ended, once reaped; a reaped pid is never waited for or killed
    /// again (it may belong to another process by then).
    private(set) var exitDescription: String?

    /// Every descriptor opened here is closed again if the worker cannot be started:
    /// a pool retries per host, so a leak per failure would reach EMFILE.
    init(command: [String], outputPipeBytes: Int = 0) throws(DispatchError) {
        let toWorker = try Self.makePipe()
        var opened = [toWorker.read, toWorker.write]
        do throws(DispatchError) {
            let fromWorker = try Self.makePipe()
            opened += [fromWorker.read, fromWorker.write]
            if outputPipeBytes > 0 { _ = cposix_set_pipe_size(fromWorker.write, Int32(clamping: outputPipeBytes)) }
            pid = try Self.spawn(command, stdin: toWorker.read, stdout: fromWorker.write)
            close(toWorker.read)
            close(fromWorker.write)
            writer = DescriptorWriter(descriptor: toWorker.write)
            reader = DescriptorReader(descriptor: fromWorker.read)
            isLent = false
        } catch {
            for fd in opened { close(fd) }
            throw error
        }
    }

    /// A worker lent by the session mux, over the pipe ends it passed; `gateway` names
    /// the gateway a lent relay runs on.
    init(lent slot: PoolLoan.Slot, gateway: String? = nil) {
        pid = slot.pid
        writer = DescriptorWriter(descriptor: slot.toWorker)
        reader = DescriptorReader(descriptor: slot.fromWorker)
        greeted = slot.greeted
        isLent = true
        self.gateway = gateway
    }

    deinit {
        close(writer.descriptor)
        close(reader.descriptor)
    }

    /// Whether the worker can still take jobs. A worker that exited since its last
    /// frame (between broadcasts, say) is found here by reaping it, without waiting.
    var isAlive: Bool {
        if deathReason == nil { _ = reapIfExited() }
        return deathReason == nil
    }

    /// Records that the worker was seen to die (its stream ended or broke).
    func markDead(_ reason: String) {
        if deathReason == nil { deathReason = reason }
    }

    var readDescriptor: Int32 { reader.descriptor }

    func send(_ frame: Frame) throws(TransportError) { try writer.send(frame) }

    /// The lender's record of whether a borrower read the worker's hello (a relay is lent
    /// before it; the next borrower reads it if no one did).
    func recordGreeting(_ greeted: Bool) { self.greeted = greeted }

    /// Checks the worker's first frame.
    func acceptHello(_ frame: Frame) throws(FrameError) {
        _ = try Handshake.accept(frame, from: .worker)
        greeted = true
    }

    /// Reaps the process if it has exited, describing how (for "worker died" results);
    /// the description again on later calls. `block` waits for the exit.
    func reapIfExited(block: Bool = false) -> String? {
        if let exitDescription { return exitDescription }
        if isLent { return nil }  // not a child: its stream says when it is gone
        var status: Int32 = 0
        let rc = retryingOnInterrupt(attempts: 101) { waitpid(pid, &status, block ? 0 : WNOHANG) }
        guard rc == pid else { return nil }
        let signal = status & 0x7f
        let description = signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "killed by signal \(signal)"
        exitDescription = description
        markDead(description)
        return description
    }

    /// The buffer to ask for the pipe that carries a worker's frames, for a pool of
    /// `workers`: 1 MiB (the default /proc/sys/fs/pipe-max-size; the kernel gives
    /// 64 KiB) while the pool's pipes stay within 16 MiB in all, less each past that. A
    /// worker streaming bulk output then writes, and the shell reads, in large runs, and
    /// each goes on working while the other is busy instead of waking it every 64 KiB.
    /// The total stays a quarter of the default per-user pipe quota
    /// (/proc/sys/fs/pipe-user-pages-soft, 64 MiB), past which Linux would give every
    /// new pipe of the user a single page. Best effort: a refused size leaves the
    /// default, slower, not wrong; the flow-control window still bounds what a job has
    /// in flight.
    static func outputPipeBytes(workers: Int) -> Int {
        let share = (16 << 20) / max(1, workers)
        return min(1 << 20, max(64 << 10, share))
    }

    /// A pipe's two ends, both close-on-exec: the worker gets its ends as descriptors
    /// 0 and 1 (posix_spawn's dup2 clears the flag there) and no second copy, so its
    /// closing standard input breaks the shell's writes, and other workers inherit
    /// nothing. The corresponding C function is `pipe`.
    private static func makePipe() throws(DispatchError) -> (read: Int32, write: Int32) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw .spawn("pipe: \(errnoText())") }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// The worker in a process group of its own, its pipe ends as descriptors 0 and 1.
    /// The corresponding C function is `posix_spawn` (through Posix's `spawn`).
    private static func spawn(_ command: [String], stdin: Int32, stdout: Int32) throws(DispatchError) -> pid_t {
        do {
            return try Posix.spawn(command, stdin: stdin, stdout: stdout, newProcessGroup: true)
        } catch {
            throw .spawn("cannot start worker \(command[0]): \(errnoText(error.code))")
        }
    }
}

public enum DispatchError: Error, CustomStringConvertible {
    case spawn(String)

    public var description: String {
        switch self {
        case .spawn(let message): message
        }
    }
}
