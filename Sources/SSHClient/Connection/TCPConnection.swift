#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// A non-blocking TCP connect, tried address by address. Owns its socket until
/// `takeSocket()` hands it to the SSH session.
struct TCPConnection {
    enum Step {
        case inProgress
        case connected
        case failed(SSHError)
    }

    private(set) var socket: Int32 = -1
    private var remaining: [SocketAddress]
    private var lastError = SSHError(.unreachable, "no address to connect to")
    /// The address being tried, for the error if it fails.
    private var current: SocketAddress?

    init(addresses: [SocketAddress]) {
        remaining = addresses
    }

    /// Starts connecting to the next address. The corresponding C function is `connect`.
    mutating func start() -> Step {
        while !remaining.isEmpty {
            let address = remaining.removeFirst()
            current = address
            let fd = Glibc.socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { return .failed(SSHError(.local, "socket: \(errnoText())")) }
            Self.tune(fd)
            let rc = address.withSockaddr { Glibc.connect(fd, $0, $1) }
            if rc == 0 { socket = fd; return .connected }
            if errno == EINPROGRESS { socket = fd; return .inProgress }
            lastError = Self.classify(errno, address: address)
            close(fd)
        }
        return .failed(lastError)
    }

    /// Called when the socket is writable: did the connect succeed?
    mutating func finish() -> Step {
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(socket, SOL_SOCKET, SO_ERROR, &error, &length)
        if error == 0 { return .connected }
        lastError = Self.classify(error, address: current)
        close(socket)
        socket = -1
        return start()
    }

    /// Gives up the socket (to the SSH session, which closes it from then on).
    mutating func takeSocket() -> Int32 {
        defer { socket = -1 }
        return socket
    }

    func closeIfOwned() {
        if socket >= 0 { close(socket) }
    }

    /// TCP_NODELAY is mandatory: without it every request/reply step waits ~40 ms for
    /// delayed ACKs. TCP keepalive backs up the SSH-level keepalive on idle sessions.
    private static func tune(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Unacknowledged data (a keepalive to a vanished peer) errors the socket after
    /// `milliseconds`, which the loop sees as POLLERR even on an idle session.
    static func setUserTimeout(_ fd: Int32, milliseconds: Int) {
        var value = UInt32(clamping: milliseconds)
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_USER_TIMEOUT, &value, socklen_t(MemoryLayout<UInt32>.size))
    }

    private static func classify(_ code: Int32, address: SocketAddress?) -> SSHError {
        let text = errnoText(code).lowercased(), at = address.map { "\($0.endpoint): " } ?? ""
        switch code {
        case ECONNREFUSED: return SSHError(.refused, "\(at)connection refused")
        case ETIMEDOUT, EHOSTUNREACH, ENETUNREACH: return SSHError(.unreachable, at + text)
        default: return SSHError(.unreachable, "\(at)connect failed: \(text)")
        }
    }
}
