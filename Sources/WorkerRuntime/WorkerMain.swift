// WorkerRuntime: one worker process — a single poll loop driving many non-blocking
// SSH sessions, taking jobs from the frame stream and answering with events.

#if canImport(Glibc)
import Glibc
#endif
import SSHClient
import WorkerProtocol

/// `chorus __worker`: serves the frame stream on standard input and output until the
/// shell says bye or goes away, or SIGTERM or SIGHUP arrives, then stops every remote
/// command it started.
public enum WorkerMain {
    /// The SSH library loaded at run time (`1.10.0`), for `chorus --version`.
    public static var sshLibraryVersion: String { SSHLibrary.version }

    public static func run(input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO, software: String) -> Int32 {
        // The shell cancels by message; a terminal ^C must not reach the worker, and a
        // shell that vanished must show up as EPIPE, not kill us mid-cleanup.
        signal(SIGINT, SIG_IGN)
        signal(SIGPIPE, SIG_IGN)
        do {
            let worker = try Worker(input: input, output: output, software: software)
            let inbox = worker.inbox
            TerminationWatch.start { inbox.finish() }
            return worker.serve()
        } catch {
            let message = "chorus worker: \(error)\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            return 1
        }
    }
}
