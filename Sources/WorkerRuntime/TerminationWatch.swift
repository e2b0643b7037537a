#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import Posix

/// SIGTERM and SIGHUP (`kill`, a cgroup stop, a lost terminal) end a worker the way the
/// shell closing its stream does: every command is cancelled, its remote process group
/// killed, and the worker says bye. Without this they killed it outright, leaving the
/// cancelling to the hosts' watchdogs and the results to guesswork.
enum TerminationWatch {
    /// Turns the signals into bytes on a pipe; a thread waits for the first and calls `end`.
    static func start(_ end: @escaping @Sendable () -> Void) {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        for signal in [SIGTERM, SIGHUP] { _ = cposix_signal_to_pipe(signal, ends[1]) }
        let readEnd = ends[0]
        detachThread {
            var byte: UInt8 = 0
            _ = retryingOnInterrupt { read(readEnd, &byte, 1) }  // ends at the first signal
            end()
        }
    }
}
