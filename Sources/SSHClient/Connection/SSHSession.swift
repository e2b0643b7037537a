#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// One host's SSH connection, driven step by step by an event loop: it never blocks.
///
/// connecting → handshaking → authenticating → ready (channels come and go) → closed,
/// or failed at any point with an `SSHError`. The session owns its socket and libssh2
/// handle; exec channels keep it alive while they run.
public final class SSHSession {
    public enum Phase: Equatable, Sendable {
        case connecting, handshaking, authenticating, ready, closed
        case failed(SSHError)
    }

    enum State {
        /// Behind a bastion: waiting for the tunnel to open.
        case tunnelling(Tunnel)
        case resolving(AddressResolver)
        case connecting(TCPConnection)
        case handshaking
        case authenticating(AuthProgress)
        case ready
        case closed
        case failed(SSHError)
    }

    public let target: SSHTarget
    var state: State
    var raw: OpaquePointer?
    var socket: Int32 = -1
    /// When the current phase must be done by (connect, handshake, auth).
    var deadline: Double?
    /// Whether the loop's `HandshakeWindow` let this session start its TCP connect (a
    /// session behind a bastion is let through its tunnel at once).
    var admitted: Bool
    /// When the loop admitted it; its login's duration tunes the window once.
    var admittedAt: Double?
    var loginMeasured = false
    let knownHosts: KnownHosts
    /// The socket's recv/send hooks' state: last receipt, bytes waiting to be sent.
    let io = SocketIO()
    var nextKeepalive = 0.0
    var channels: [ExecChannel] = []
    /// As a bastion: the tunnels to hosts behind it, pumped on this session's turns.
    var tunnels: [Tunnel] = []
    /// Behind a bastion: the tunnel this session's socket goes through.
    var tunnel: Tunnel?
    /// Transfers and SFTP operations, in the order given.
    var sftpWork: [any SFTPWork] = []
    /// Bytes the transfers may still move in this turn. A fast loopback peer can keep
    /// a transfer busy for a whole file, so each session's turn is capped and the
    /// other sessions on the loop (still authenticating, say) get theirs in time.
    var transferBudget = 0
    static let transferBytesPerTurn = 4 << 20
    /// Opened on demand by the SFTP work, kept for later work.
    let sftpPool = SFTPPool()
    /// How many SFTP subsystems (channels) new sessions may open; set it before
    /// starting event loops. 1 gives the old one-call-at-a-time behaviour.
    nonisolated(unsafe) public static var sftpChannelLimit = 4
    /// How many SFTP subsystems this session may open (from `SSHSession.sftpChannelLimit`
    /// when it was created). Once the server refuses one, the session keeps to the
    /// ones it has, whatever this says.
    public var sftpChannelLimit = SSHSession.sftpChannelLimit
    /// How many SFTP subsystems the session has now (open or opening); once its
    /// transfers are over, one is kept.
    public var sftpChannelCount: Int { sftpPool.subsystems.count }
    /// The most SFTP subsystems the session has had open at once.
    public var sftpChannelsMostOpen: Int { sftpPool.mostOpen }
    /// What the loop's last poll saw on this socket; cleared after each turn.
    var revents: Int16 = 0
    /// Set when something other than the socket gave the session work (a new command,
    /// a cancel, a finished name lookup).
    var needsTurn = true
    public internal(set) var hostKey: HostKey?
    /// The key exchange method agreed in the handshake (`KeyExchangeOrder`), for tests
    /// and benchmarks. The corresponding C function is `libssh2_session_methods`.
    public internal(set) var keyExchange: String?
    /// The auth method that worked (`publickey` or `password`), for logs and tests.
    public internal(set) var authenticatedWith: String?

    init(target: SSHTarget, knownHosts: KnownHosts, wake: @escaping @Sendable () -> Void) {
        self.target = target
        self.knownHosts = knownHosts
        self.state = .resolving(AddressResolver(host: target.hostname, port: target.port, wake: wake))
        self.deadline = MonotonicClock.now + target.connectTimeout
        self.admitted = false
    }

    /// A session reached through `tunnel` (opened on a bastion's session).
    init(target: SSHTarget, knownHosts: KnownHosts, tunnel: Tunnel) {
        self.target = target
        self.knownHosts = knownHosts
        self.tunnel = tunnel
        self.state = .tunnelling(tunnel)
        // The bastion's own login counts against its own timeout; this one waits for both.
        self.deadline = MonotonicClock.now + 2 * target.connectTimeout
        self.admitted = true
        tunnel.user = self
    }

    deinit { release() }

    public var phase: Phase {
        switch state {
        case .tunnelling, .resolving, .connecting: .connecting
        case .handshaking: .handshaking
        case .authenticating: .authenticating
        case .ready: .ready
        case .closed: .closed
        case .failed(let error): .failed(error)
        }
    }

    public var isFinished: Bool {
        switch state {
        case .closed, .failed: true
        default: false
        }
    }

    /// Runs the state machine as far as it goes without waiting.
    func advance(now: Double) {
        let before = phase
        // A new phase may have work that no socket event will announce (a command
        // queued while authenticating), so it gets a turn of its own at once.
        defer { if phase != before { needsTurn = true } }
        if let deadline, now >= deadline, !isFinished {
            return fail(timeoutError())
        }
        if raw != nil, socket >= 0, !io.flush(socket) {
            let words = errnoText(io.sendError ?? EPIPE)
            return fail(SSHError(.disconnected, "the connection broke while sending: \(words)"))
        }
        switch state {
        case .tunnelling(let tunnel): throughTunnel(tunnel)
        case .resolving(let resolver): resolve(resolver)
        case .connecting(var connection): finishConnect(&connection)
        case .handshaking: handshake()
        case .authenticating(var progress): authenticate(&progress)
        case .ready: serviceChannels(now: now)
        case .closed, .failed: break
        }
    }

    /// What to wait for on the socket: writability while a TCP connect is in flight
    /// or bytes wait to be sent (`SocketIO`), and otherwise what libssh2 waits for.
    var pollEvents: Int16 {
        let sending = io.waitingBytes > 0 ? Int16(POLLOUT) : 0
        switch state {
        case .connecting: return Int16(POLLOUT)
        case .ready where channels.isEmpty && sftpWork.isEmpty && tunnels.isEmpty:
            // Idle: libssh2 only reads inside calls, so wait for the peer hanging up,
            // not for data (a keepalive reply would wake us forever).
            return pollReadHangUp | sending
        case .ready where io.isBacklogged:
            // Transfers add nothing while the socket's queue is over its mark, and so
            // call nothing that would read: data waiting to be read (the host's write
            // acknowledgements) would wake every poll at once, a busy loop for as long
            // as a slow link takes. Wait for the queue to drain; a hang-up still comes.
            return sending
        case .ready where isHeldByConsumer:
            // Every command waits for its consumer: the data (and a hang-up) stays in
            // the socket until then, so poll for neither, or it would wake us at once,
            // again and again. POLLERR and POLLHUP still come; keepalives go out on time.
            return sending
        case .handshaking, .authenticating, .ready:
            guard let raw else { return 0 }
            let directions = libssh2_session_block_directions(raw)
            var events = Int16(POLLIN) | sending  // always notice a peer closing or sending
            if directions & LIBSSH2_SESSION_BLOCK_OUTBOUND != 0 { events |= Int16(POLLOUT) }
            return events
        default: return 0
        }
    }

    /// The socket a TCP connect in flight is using (-1 otherwise).
    var connectingSocket: Int32 {
        if case .connecting(let connection) = state { return connection.socket }
        return -1
    }

    /// The socket to poll: the session's, or the one still connecting.
    var pollSocket: Int32 { socket >= 0 ? socket : connectingSocket }

    /// The earliest moment the loop must call `advance` even without socket events.
    var wakeTime: Double? {
        guard !isFinished else { return nil }
        if case .ready = state {
            let channelTimes = channels.compactMap(\.wakeTime)
            let keepalive = target.keepaliveInterval > 0 ? nextKeepalive : nil
            return ([keepalive].compactMap { $0 } + channelTimes).min()
        }
        return deadline
    }

    /// Ends the session politely if it can (one non-blocking try), then frees everything.
    public func close() {
        guard !isFinished else { return }
        for channel in channels { channel.abandon(SSHError(.disconnected, "session closed")) }
        channels.removeAll()
        abandonSFTPWork(SSHError(.disconnected, "session closed"))
        for tunnel in tunnels { tunnel.finish(SSHError(.disconnected, "session closed")) }
        tunnels.removeAll()
        // Mid-handshake there is no agreed transport to say bye on: the socket just closes.
        if let raw, phase != .handshaking { _ = libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, "bye", "") }
        if socket >= 0 { _ = io.flush(socket) }  // one non-blocking try, like the disconnect
        release()
        state = .closed
    }

    func fail(_ error: SSHError) {
        let error = bastionWords(for: error)
        for tunnel in tunnels { tunnel.finish(error) }
        tunnels.removeAll()
        for channel in channels { channel.abandon(error) }
        channels.removeAll()
        abandonSFTPWork(error)
        release()
        state = .failed(error)
        deadline = nil
    }

    private func release() {
        // The agent handle lives in the session: freed first (see `failAuthentication`).
        if case .authenticating(let progress) = state { progress.agent?.close() }
        if let raw { libssh2_session_free(raw) }
        raw = nil
        if case .connecting(let connection) = state { connection.closeIfOwned() }
        if socket >= 0 { Glibc.close(socket) }
        socket = -1
        tunnel?.finish(nil)
    }

    private func timeoutError() -> SSHError {
        let seconds = target.connectTimeout.secondsText
        switch state {
        case .tunnelling(let tunnel):
            return SSHError(.unreachable, "no tunnel through bastion \(tunnel.bastionName) within \(2 * target.connectTimeout)s")
        case .resolving: return SSHError(.resolve, "name lookup took longer than \(seconds)s")
        case .connecting: return SSHError(.unreachable, "no answer within \(seconds)s")
        case .handshaking: return SSHError(.timeout, "no SSH handshake within \(seconds)s")
        case .authenticating: return SSHError(.timeout, "authentication took longer than \(seconds)s")
        default: return SSHError(.timeout, "timed out")
        }
    }
}

/// Linux's POLLRDHUP (peer shut its writing side), hidden by Glibc behind _GNU_SOURCE.
let pollReadHangUp: Int16 = 0x2000

extension Double {
    /// A number of seconds for a message: `10` for whole numbers, `2.5` otherwise. Not
    /// `formatted`, which would shadow Foundation's locale-aware `formatted()`.
    var secondsText: String { self == rounded() ? String(Int(self)) : String(self) }
}
