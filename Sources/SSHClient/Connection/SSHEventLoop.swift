#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// One thread's poll loop over many SSH sessions. Not thread-safe: create it, add
/// sessions and run it on one thread; only `wake()` may be called from elsewhere.
public final class SSHEventLoop {
    public private(set) var sessions: [SSHSession] = []
    /// How many sessions may be connecting and logging in at once (`HandshakeWindow`).
    public var handshakeWindow = HandshakeWindow()
    /// Sessions opened to reach other hosts (ProxyJump): one per bastion (and chain), shared.
    private var bastions: [SSHSession] = []
    private var knownHostsFiles: [String: KnownHosts] = [:]
    /// A self-pipe: writing a byte to `wakeWriteFD` makes poll return.
    private let wakeFD: Int32
    private let wakeWriteFD: Int32

    public init() throws(SSHError) {
        do { try SSHLibrary.initialize() } catch { throw SSHError(.local, error.description) }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SSHError(.local, "pipe: \(errnoText())") }
        for fd in ends {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (wakeFD, wakeWriteFD) = (ends[0], ends[1])
    }

    deinit {
        for session in sessions { session.close() }
        close(wakeFD)
        close(wakeWriteFD)
    }

    /// Starts connecting to a host; the session makes progress as the loop runs. A host
    /// behind bastions is reached through a tunnel on the last bastion's session, which
    /// is opened (itself through the ones before it) or shared if this loop has one.
    public func connect(_ target: SSHTarget) -> SSHSession {
        guard var bastionTarget = target.jumps.last else { return connectDirectly(target) }
        bastionTarget.jumps = Array(target.jumps.dropLast())
        let bastion = bastionSession(bastionTarget)
        let session: SSHSession
        do {
            let tunnel = try Tunnel(host: target.hostname, port: target.port, bastionName: bastionTarget.displayName)
            session = SSHSession(target: target, knownHosts: knownHosts(at: target.knownHostsPath), tunnel: tunnel)
            bastion.tunnels.append(tunnel)
            bastion.needsTurn = true
        } catch {
            session = connectDirectly(target)
            session.fail(error)
            return session
        }
        sessions.append(session)
        return session
    }

    /// The live session to a bastion, shared by every host behind it.
    private func bastionSession(_ target: SSHTarget) -> SSHSession {
        if let live = bastions.first(where: { $0.target == target && !$0.isFinished }) { return live }
        let session = connect(target)
        bastions.append(session)
        return session
    }

    /// Bastions that failed, or that no host uses any more, are let go.
    private func releaseBastions() {
        let unused = bastions.filter { $0.isFinished || ($0.phase == .ready && $0.tunnels.allSatisfy(\.isOver) && $0.channels.isEmpty) }
        guard !unused.isEmpty else { return }
        bastions.removeAll { session in unused.contains { $0 === session } }
        unused.forEach(remove)
    }

    private func connectDirectly(_ target: SSHTarget) -> SSHSession {
        let wakeWriteFD = wakeWriteFD
        let session = SSHSession(target: target, knownHosts: knownHosts(at: target.knownHostsPath)) {
            var byte: UInt8 = 1
            _ = write(wakeWriteFD, &byte, 1)
        }
        sessions.append(session)
        return session
    }

    /// Closes a session and forgets it.
    public func remove(_ session: SSHSession) {
        session.close()
        sessions.removeAll { $0 === session }
    }

    /// Makes a blocked `runOnce` return early. Safe from any thread or a signal handler.
    public func wake() { waker.wake() }

    /// A handle other threads can keep to wake this loop.
    public var waker: Waker { Waker(descriptor: wakeWriteFD) }

    /// Wakes a loop from another thread (writes one byte to its self-pipe).
    public struct Waker: Sendable {
        let descriptor: Int32

        public func wake() {
            var byte: UInt8 = 1
            _ = write(descriptor, &byte, 1)
        }
    }

    /// Runs until `done` says so or `limit` seconds pass; false on the time limit.
    public func run(limit: Double, until done: () -> Bool) -> Bool {
        let end = MonotonicClock.now + limit
        while !done() {
            let now = MonotonicClock.now
            if now >= end { return false }
            runOnce(maxWait: end - now)
        }
        return true
    }

    /// One poll and one turn for every session that has something to do. The poll also
    /// ends when `writable` (a descriptor outside SSH, such as the worker's output with
    /// frames waiting for it; -1 for none) can take bytes.
    public func runOnce(maxWait: Double, writable: Int32 = -1) {
        admitWaitingSessions(now: MonotonicClock.now)
        let active = sessions.filter { !$0.isFinished }
        var entries = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
        if writable >= 0 { entries.append(pollfd(fd: writable, events: Int16(POLLOUT), revents: 0)) }
        let firstSession = entries.count
        var polled: [SSHSession] = []
        for session in active where session.socket >= 0 || session.connectingSocket >= 0 {
            entries.append(pollfd(fd: session.pollSocket, events: session.pollEvents, revents: 0))
            polled.append(session)
        }
        let firstTunnel = entries.count
        var tunnelOwners: [SSHSession] = []
        for session in active {
            for tunnel in session.tunnels where tunnel.pollEvents != 0 {
                entries.append(pollfd(fd: tunnel.pumpSocket, events: tunnel.pollEvents, revents: 0))
                tunnelOwners.append(session)
            }
        }
        let wait = waitMilliseconds(active, maxWait: maxWait)
        if poll(&entries, nfds_t(entries.count), wait) < 0, errno != EINTR { return }
        drainWake(entries[0].revents)
        for (index, session) in polled.enumerated() { session.revents = entries[firstSession + index].revents }
        for (index, session) in tunnelOwners.enumerated() where entries[firstTunnel + index].revents != 0 { session.needsTurn = true }
        let now = MonotonicClock.now
        for session in active where session.revents != 0 || session.needsTurn || (session.wakeTime ?? .infinity) <= now {
            session.needsTurn = false
            session.advance(now: now)
            session.revents = 0
            measureLogin(session, now: now)
        }
        releaseBastions()
    }

    /// Lets resolved sessions start connecting, oldest first, while the window has room.
    private func admitWaitingSessions(now: Double) {
        var inFlight = sessions.count(where: \.isLoggingIn)
        for session in sessions where session.awaitsAdmission {
            guard inFlight < handshakeWindow.size else { return }
            session.admit(now: now)
            inFlight += 1
        }
    }

    /// A login that ended (ready, or out of time) tunes the window, once per session.
    private func measureLogin(_ session: SSHSession, now: Double) {
        guard let started = session.admittedAt, !session.loginMeasured else { return }
        switch session.phase {
        case .ready: handshakeWindow.loggedIn(after: now - started, timeout: session.target.connectTimeout)
        // A handshake or login out of time is a busy CPU; a host that never answers is not.
        case .failed(let error) where error.kind == .timeout: handshakeWindow.timedOut()
        case .failed, .closed: break
        default: return
        }
        session.loginMeasured = true
    }

    private func waitMilliseconds(_ active: [SSHSession], maxWait: Double) -> Int32 {
        if active.contains(where: \.needsTurn) { return 0 }
        let now = MonotonicClock.now
        let soonest = active.compactMap(\.wakeTime).min().map { $0 - now } ?? maxWait
        return Int32(max(0, min(soonest, maxWait)) * 1000) + 1
    }

    /// A wake-up (finished name lookup, request from another thread) gives every
    /// session still resolving a turn.
    private func drainWake(_ revents: Int16) {
        guard revents & Int16(POLLIN) != 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(wakeFD, &buffer, buffer.count) > 0 {}
        for session in sessions where session.phase == .connecting { session.needsTurn = true }
    }

    private func knownHosts(at path: String) -> KnownHosts {
        if let existing = knownHostsFiles[path] { return existing }
        let created = KnownHosts(path: path)
        knownHostsFiles[path] = created
        return created
    }
}
