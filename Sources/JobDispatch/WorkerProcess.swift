// JobDispatch: the producer side — the worker pool, bounded job queues, host-to-worker
// affinity, cancellation and timeouts.

#if canImport(Glibc)
import Glibc
#endif
import WorkerProtocol

/// One worker process: `chorus __worker` in its own process group (so a terminal ^C
/// reaches only the shell), talking frames over its standard input and output.
final class WorkerProcess {
    let pid: pid_t
    let writer: DescriptorWriter
    var reader: DescriptorReader
    private(set) var greeted = false
    /// Host ids whose settings this worker has been sent, with the settings.
    var knownHosts: [UInt32: HostSpec] = [:]
    /// Set once the worker has gone (EOF, bad frames, or reaped).
    var deathReason: String?

    init(command: [String]) throws(DispatchError) {
        var toWorker: [Int32] = [-1, -1], fromWorker: [Int32] = [-1, -1]
        guard pipe(&toWorker) == 0, pipe(&fromWorker) == 0 else { throw .spawn("pipe: \(errnoText())") }
        for fd in [toWorker[1], fromWorker[0]] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        pid = try Self.spawn(command, stdin: toWorker[0], stdout: fromWorker[1])
        close(toWorker[0])
        close(fromWorker[1])
        writer = DescriptorWriter(descriptor: toWorker[1])
        reader = DescriptorReader(descriptor: fromWorker[0])
    }

    deinit {
        close(writer.descriptor)
        close(reader.descriptor)
    }

    var isAlive: Bool { deathReason == nil }
    var readDescriptor: Int32 { reader.descriptor }

    func send(_ frame: Frame) throws(TransportError) { try writer.send(frame) }

    /// Checks the worker's first frame.
    func acceptHello(_ frame: Frame) throws(FrameError) {
        _ = try Handshake.accept(frame, from: .worker)
        greeted = true
    }

    /// Reaps the process if it has exited, describing how (for "worker died" results).
    func reapIfExited(block: Bool = false) -> String? {
        var status: Int32 = 0
        let rc = waitpid(pid, &status, block ? 0 : WNOHANG)
        guard rc == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? "exited with status \((status >> 8) & 0xff)" : "killed by signal \(signal)"
    }

    /// The corresponding C function is `posix_spawn`, with POSIX_SPAWN_SETPGROUP.
    private static func spawn(_ command: [String], stdin: Int32, stdout: Int32) throws(DispatchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
        guard rc == 0 else { throw .spawn("cannot start worker \(command[0]): \(String(cString: strerror(rc)))") }
        return pid
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

func errnoText() -> String { String(cString: strerror(errno)) }
