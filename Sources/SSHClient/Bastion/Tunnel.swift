#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// A TCP connection from a bastion to a host behind it (an SSH `direct-tcpip` channel on
/// the bastion's session), handed to the host's own session as an ordinary socket: one
/// end of a socketpair, whose other end this tunnel pumps to and from the channel on the
/// bastion session's turns. So every host behind a bastion shares its one session, and
/// the host's session neither knows nor cares that its socket is not TCP.
final class Tunnel {
    enum State: Equatable {
        case opening
        case open
        /// Over; `failure` is nil after a normal close.
        case closed(failure: SSHError?)
    }

    let host: String
    let port: Int
    /// The bastion's name, for messages (`bastion NAME: …`).
    let bastionName: String

    /// A failure of the bastion (or of the tunnel) in the words a host behind it gives.
    func hostError(_ failure: SSHError) -> SSHError {
        SSHError(failure.kind, "bastion \(bastionName): \(failure.message)")
    }
    private(set) var state = State.opening
    private var channel: OpaquePointer?
    /// The end the bastion's turn pumps (non-blocking).
    private(set) var pumpSocket: Int32 = -1
    /// The end given to the host's session (nil once taken).
    private var sessionSocket: Int32 = -1
    /// Bytes from the channel the pump socket did not take yet.
    private var toSession: [UInt8] = []
    /// Bytes from the pump socket the channel did not take yet.
    private var toChannel: [UInt8] = []
    private var buffer = [UInt8](repeating: 0, count: 32_768)
    /// The host's session, told when the tunnel opens or fails.
    weak var user: SSHSession?

    init(host: String, port: Int, bastionName: String) throws(SSHError) {
        self.host = host
        self.port = port
        self.bastionName = bastionName
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw SSHError(.local, "socketpair: \(errnoText())")
        }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        (pumpSocket, sessionSocket) = (ends[0], ends[1])
    }

    deinit { release() }

    /// The host session's socket, once the tunnel is open; the session owns it after.
    func takeSessionSocket() -> Int32? {
        guard state == .open, sessionSocket >= 0 else { return nil }
        defer { sessionSocket = -1 }
        return sessionSocket
    }

    var isOver: Bool { if case .closed = state { true } else { false } }

    /// What to poll the pump socket for: bytes from the host's session, or room for
    /// bytes waiting to go to it.
    var pollEvents: Int16 {
        guard state == .open, pumpSocket >= 0 else { return 0 }
        return Int16(POLLIN) | (toSession.isEmpty ? 0 : Int16(POLLOUT))
    }

    /// Opens the channel, then moves bytes both ways as far as they go; true if
    /// anything moved. Called on the bastion session's turns, when it is ready.
    func step(session: OpaquePointer) -> Bool {
        switch state {
        case .opening: return open(session)
        case .open: return pump(session)
        case .closed: return false
        }
    }

    /// The corresponding C function is `libssh2_channel_direct_tcpip_ex`.
    private func open(_ session: OpaquePointer) -> Bool {
        let opened = libssh2_channel_direct_tcpip_ex(session, host, Int32(port), "127.0.0.1", 22)
        switch CallOutcome.forPointer(opened, session: session) {
        case .again: return false
        case .failed(_, let message):
            finish(SSHError(.unreachable, "cannot reach \(host):\(port) from it: \(message)"))
        case .done:
            channel = opened
            state = .open
            user?.needsTurn = true
        }
        return true
    }

    private func pump(_ session: OpaquePointer) -> Bool {
        guard let channel else { return false }
        var moved = false
        for _ in 0..<16 {  // bounded per turn, so one busy host cannot starve the others
            let down = channelToSession(channel, session), up = sessionToChannel(channel, session)
            if isOver { return true }
            if !down && !up { break }
            moved = true
        }
        if toSession.isEmpty, libssh2_channel_eof(channel) != 0 {
            finish(nil)  // the host closed the connection: its session sees the end
            return true
        }
        return moved
    }

    /// The corresponding C function is `libssh2_channel_read_ex`.
    private func channelToSession(_ channel: OpaquePointer, _ session: OpaquePointer) -> Bool {
        if !toSession.isEmpty { return flushToSession() }
        let count = buffer.withUnsafeMutableBytes {
            libssh2_channel_read_ex(channel, 0, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
        }
        switch CallOutcome(count, session: session) {
        case .again: return false
        case .failed(_, let message): finish(SSHError(.disconnected, "lost the tunnel to \(host):\(port): \(message)")); return true
        case .done(let n):
            guard n > 0 else { return false }
            toSession = Array(buffer[..<n])
            _ = flushToSession()
            return true
        }
    }

    private func flushToSession() -> Bool {
        let sent = toSession.withUnsafeBytes { bytes in
            retryingOnInterrupt { send(pumpSocket, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL)) }
        }
        if sent > 0 { toSession.removeFirst(sent); return true }
        if sent < 0, errno == EAGAIN || errno == EWOULDBLOCK { return false }
        finish(nil)  // the host's session closed its end
        return true
    }

    /// The corresponding C function is `libssh2_channel_write_ex`.
    private func sessionToChannel(_ channel: OpaquePointer, _ session: OpaquePointer) -> Bool {
        if toChannel.isEmpty {
            let count = buffer.withUnsafeMutableBytes { bytes in
                retryingOnInterrupt { recv(pumpSocket, bytes.baseAddress, bytes.count, 0) }
            }
            if count < 0, errno == EAGAIN || errno == EWOULDBLOCK { return false }
            guard count > 0 else { finish(nil); return true }  // the host's session is done
            toChannel = Array(buffer[..<count])
        }
        let written = toChannel.withUnsafeBytes {
            libssh2_channel_write_ex(channel, 0, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
        }
        switch CallOutcome(written, session: session) {
        case .again: return false
        case .failed(_, let message): finish(SSHError(.disconnected, "lost the tunnel to \(host):\(port): \(message)")); return true
        case .done(let n):
            toChannel.removeFirst(min(n, toChannel.count))
            return n > 0
        }
    }

    /// Ends the tunnel: the host's session sees its socket close (and, with a failure,
    /// says the bastion's words). The channel is freed with the bastion's session.
    func finish(_ failure: SSHError?) {
        guard !isOver else { return }
        state = .closed(failure: failure)
        if let channel { libssh2_channel_free(channel) }  // one non-blocking try; the session frees the rest
        channel = nil
        release()
        user?.needsTurn = true
    }

    private func release() {
        if pumpSocket >= 0 { close(pumpSocket) }
        if sessionSocket >= 0 { close(sessionSocket) }
        (pumpSocket, sessionSocket) = (-1, -1)
    }
}
