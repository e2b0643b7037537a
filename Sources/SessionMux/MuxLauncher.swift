#if canImport(Glibc)
import Glibc
#endif
import Posix

/// Starts a session mux in the background: `chorus __mux --workers N --persist SECONDS`,
/// in a session of its own (no terminal: a ^C or a closed terminal does not reach it),
/// with the run's environment (its workers need `SSH_AUTH_SOCK` and the like) and
/// `/dev/null` for its standard streams. Returns once the mux accepts connections.
public enum MuxLauncher {
    /// The argument that picks the mux mode of the binary.
    public static let modeArgument = "__mux"

    public static func start(binary: String, location: MuxLocation, workers: Int, persistSeconds: Double,
                             environment: [String: String]) throws(MuxError) {
        try location.checkDirectory(create: true)
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        guard null >= 0 else { throw .errno("/dev/null") }
        defer { close(null) }
        let argv = [binary, modeArgument, "--workers", String(workers), "--persist", String(persistSeconds)]
        let pid: pid_t
        do {
            pid = try spawn(argv, environment: environment.map { "\($0.key)=\($0.value)" }, stdin: null, stdout: null,
                            stderr: null, newSession: true)
        } catch {
            throw MuxError(error.message)
        }
        try awaitListening(location, pid: pid)
    }

    /// Waits up to 3 s for the socket to accept; a mux that exits first (another run's mux
    /// took the socket) is fine when that other mux answers.
    private static func awaitListening(_ location: MuxLocation, pid: pid_t) throws(MuxError) {
        for _ in 0..<150 {  // 150 × 20 ms
            if (try? UnixSocket.connect(to: location.socketPath)) != nil { return }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                if (try? UnixSocket.connect(to: location.socketPath)) != nil { return }
                throw MuxError("the session mux exited at start (status \(status >> 8 & 0xff))")
            }
            usleep(20_000)
        }
        throw MuxError("the session mux did not start listening within 3 s")
    }
}

/// `--persist DURATION`: `600`, `30s`, `10m`, `2h`, `1d`; `no`, `off` or `0` for none.
public enum PersistDuration {
    public static let expectation = "a duration such as 600, 30s, 10m, 2h or 1d (or no)"

    /// Seconds, 0 for none; nil when `text` is not a duration.
    public static func parse(_ text: String) -> Double? {
        let lowered = text.lowercased()
        if ["no", "off", "0"].contains(lowered) { return 0 }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        let unit = lowered.last.flatMap { units[$0] }
        let number = unit == nil ? lowered : String(lowered.dropLast())
        guard let value = Double(number), value.isFinite, value > 0 else { return nil }
        let seconds = value * (unit ?? 1)
        return seconds <= 7 * 86400 ? seconds : nil
    }
}
