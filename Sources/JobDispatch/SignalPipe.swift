#if canImport(Glibc)
import Glibc
#endif
import CPosixShim

/// Signals turned into bytes on a pipe the dispatcher polls: ^C cancels the broadcast
/// (never kills the shell), SIGTERM and SIGHUP cancel it and then end the program
/// cleanly, so no worker and no remote command is left behind. SIGPIPE stays ignored
/// (a dead worker's pipe is an error to handle); the console posts it here when
/// standard output breaks (`chorus … | head -1`), which ends the run the same way.
public final class SignalPipe {
    public let readDescriptor: Int32
    private let writeDescriptor: Int32
    private let signals: [Int32]

    public init(signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) != 0 { ends = [-1, -1] }
        for fd in ends where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (readDescriptor, writeDescriptor) = (ends[0], ends[1])
        self.signals = signals
        for signal in signals where writeDescriptor >= 0 { _ = cposix_signal_to_pipe(signal, writeDescriptor) }
        cposix_route_signal(SIGPIPE, writeDescriptor)
    }

    deinit {
        for signal in signals { _ = cposix_signal_default(signal) }
        cposix_route_signal(SIGPIPE, -1)
        close(readDescriptor)
        close(writeDescriptor)
    }

    /// The signals received since the last call.
    public func drain() -> [Int32] {
        var bytes = [UInt8](repeating: 0, count: 64)
        var received: [Int32] = []
        while true {  // bounded: the pipe holds finitely many bytes and is non-blocking
            let count = read(readDescriptor, &bytes, bytes.count)
            guard count > 0 else { return received }
            received += bytes[..<count].map(Int32.init)
        }
    }
}
