#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import JobDispatch
import Posix

/// The session mux: a per-user background process holding a worker pool whose workers
/// keep their hosts' sessions between one-shot runs. It lends the whole pool to one run
/// at a time (`PoolLoan`); a run that finds it lent runs on a pool of its own. It exits
/// after `persistSeconds` with the pool at home, on `chorus mux stop`, or when its
/// socket is removed or replaced.
public final class MuxServer {
    let location: MuxLocation
    let listener: UnixSocket
    let pool: WorkerPool
    let build: String
    let software: String
    var persistSeconds: Double
    /// The run holding the pool, if it is lent.
    var borrower: UnixSocket?
    var stopping = false
    let started = MonotonicClock.now
    var idleSince = MonotonicClock.now
    private let socketIdentity: (dev_t, ino_t)

    /// Takes the socket: a live mux there is an error; a stale socket file (nobody
    /// accepts on it) is replaced.
    public init(location: MuxLocation, build: String, software: String, workerCommand: [String], workers: Int,
                persistSeconds: Double) throws(MuxError) {
        try location.checkDirectory(create: true)
        if (try? UnixSocket.connect(to: location.socketPath)) != nil { throw MuxError("a session mux already listens there") }
        unlink(location.socketPath)
        listener = try UnixSocket.listen(at: location.socketPath)
        chmod(location.socketPath, 0o600)
        var info = stat()
        guard lstat(location.socketPath, &info) == 0 else { throw .errno(location.socketPath) }
        socketIdentity = (info.st_dev, info.st_ino)
        (self.location, self.build, self.software, self.persistSeconds) = (location, build, software, persistSeconds)
        pool = WorkerPool(size: workers, workerCommand: workerCommand)
    }

    /// Serves until it is time to go, then says bye to the workers (they close their
    /// sessions and stop their remote commands) and removes the socket if it is still ours.
    public func run() {
        let signals = Self.stopSignals()
        while !isTimeToGo {  // ends by idle time, stop, or the socket going away
            var entries = [pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: signals, events: Int16(POLLIN), revents: 0)]
            if let borrower { entries.append(pollfd(fd: borrower.descriptor, events: Int16(POLLIN), revents: 0)) }
            _ = poll(&entries, nfds_t(entries.count), 1000)
            if entries[1].revents != 0 {
                var bytes = [UInt8](repeating: 0, count: 16)
                _ = read(signals, &bytes, bytes.count)  // drained, or poll would return at once while a loan lasts
                stopping = true
            }
            if entries.count > 2, entries[2].revents != 0 { takeBackPool() }
            if entries[0].revents != 0, let connection = listener.accept() { serve(connection) }
            if borrower == nil { _ = pool.workerPIDs }  // reaps workers that exited while at home
        }
        if isSocketOurs { unlink(location.socketPath) }
        pool.shutdown()
    }

    /// TERM, HUP and INT stop the mux as `chorus mux stop` does (once a lent pool is back),
    /// so its workers say bye and close their sessions instead of being orphaned.
    /// Returns the read end of the pipe the signals are written to (-1 if none).
    private static func stopSignals() -> Int32 {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return -1 }
        for fd in ends {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        for signal in [SIGTERM, SIGHUP, SIGINT] { _ = cposix_signal_to_pipe(signal, ends[1]) }
        return ends[0]
    }

    private var isTimeToGo: Bool {
        guard borrower == nil else { return false }  // a lent pool is waited for
        return stopping || MonotonicClock.now - idleSince >= persistSeconds || !isSocketOurs
    }

    private var isSocketOurs: Bool {
        var info = stat()
        return lstat(location.socketPath, &info) == 0 && info.st_dev == socketIdentity.0 && info.st_ino == socketIdentity.1
    }

    /// One request from a new connection. Another user's connection is closed unread.
    private func serve(_ connection: UnixSocket) {
        guard connection.peerUID == geteuid() else { return }
        connection.setTimeout(2)
        guard let message = try? connection.receive() else { return }
        message.descriptors.forEach { close($0) }  // requests carry none
        guard let request = try? MuxRequest.decode(message.payload) else { return }
        switch request {
        case .borrow(let build, let workers, let persist, let gateways):
            lend(to: connection, build: build, workers: workers, persist: persist, gateways: gateways)
        case .status: try? connection.send(MuxReply.status(status).encoded())
        case .stop:
            stopping = true
            try? connection.send(MuxReply.done.encoded())
        case .giveBack: break
        }
    }

    private func lend(to connection: UnixSocket, build: String, workers: Int, persist: Double, gateways: [GatewayRoute]) {
        guard build == self.build else { try? connection.send(MuxReply.otherBuild(self.build).encoded()); return }
        let refusal = stopping ? "the session mux is stopping" : borrower != nil ? "another run holds the session mux's sessions" : nil
        if let refusal { try? connection.send(MuxReply.refused(refusal).encoded()); return }
        if persist > 0 { persistSeconds = persist }
        let local = max(1, min(workers, Self.maxWorkers - gateways.count))
        let loan = pool.lend(software: software, minimumSize: local, gateways: gateways, timeout: 5)
        do {
            try connection.send(MuxReply.lend(loan).encoded(), descriptors: loan.descriptors)
            borrower = connection
        } catch {
            pool.forfeitLoan()
        }
    }

    /// The most workers lent, relays included: two descriptors each must fit one message
    /// (250 at most).
    static let maxWorkers = 124

    /// The borrower's `giveBack`, or its going away without one (then the streams may
    /// be cut mid-frame and every worker goes).
    private func takeBackPool() {
        defer { (borrower, idleSince) = (nil, MonotonicClock.now) }
        guard let borrower, let message = try? borrower.receive(),
              case .giveBack(let loan)? = try? MuxRequest.decode(message.payload) else {
            pool.forfeitLoan()
            return
        }
        message.descriptors.forEach { close($0) }
        pool.takeBack(loan)
        try? borrower.send(MuxReply.done.encoded())
    }

    var status: MuxStatus {
        MuxStatus(pid: getpid(), build: build, upSeconds: MonotonicClock.now - started,
                  idleSeconds: borrower == nil ? MonotonicClock.now - idleSince : 0, persistSeconds: persistSeconds,
                  lent: borrower != nil, workerPIDs: pool.workerPIDs, hosts: pool.connectedHosts.sorted(),
                  gateways: pool.liveGatewayRelays)
    }
}
