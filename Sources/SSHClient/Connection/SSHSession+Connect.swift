#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

extension SSHSession {
    func resolve(_ resolver: AddressResolver) {
        switch resolver.result {
        case nil: return
        case .failed(let message): fail(SSHError(.resolve, message))
        case .addresses(let addresses):
            // Resolved, waiting for the loop's window: no deadline runs while we queue.
            guard admitted else {
                deadline = nil
                return
            }
            var connection = TCPConnection(addresses: addresses)
            handle(connection.start(), &connection)
        }
    }

    func finishConnect(_ connection: inout TCPConnection) {
        guard revents & Int16(POLLOUT | POLLERR | POLLHUP) != 0 else { return }
        handle(connection.finish(), &connection)
    }

    private func handle(_ step: TCPConnection.Step, _ connection: inout TCPConnection) {
        switch step {
        case .inProgress: state = .connecting(connection)
        case .failed(let error): state = .closed; fail(error)
        case .connected:
            socket = connection.takeSocket()
            state = .closed  // the connection no longer owns a socket
            startHandshake()
        }
    }

    /// The corresponding C functions are `libssh2_session_init_ex` (with the allocator
    /// of `SessionMemory`), `libssh2_session_callback_set` and
    /// `libssh2_session_method_pref` (see `KeyExchangeOrder` for the key exchange).
    func startHandshake() {
        let context = Unmanaged.passUnretained(io).toOpaque()
        guard let raw = libssh2_session_init_ex(sessionAlloc, sessionFree, sessionRealloc, context) else {
            return fail(SSHError(.local, "libssh2 could not allocate a session"))
        }
        SessionMemory.releaseZeroPages(of: io)
        self.raw = raw
        libssh2_session_set_blocking(raw, 0)
        _ = libssh2_session_callback_set(raw, LIBSSH2_CALLBACK_RECV, unsafeBitCast(receiveAndStamp, to: UnsafeMutableRawPointer.self))
        _ = libssh2_session_callback_set(raw, LIBSSH2_CALLBACK_SEND, unsafeBitCast(sendOrQueue, to: UnsafeMutableRawPointer.self))
        _ = libssh2_session_callback_set(raw, LIBSSH2_CALLBACK_DISCONNECT, unsafeBitCast(recordGoodbye, to: UnsafeMutableRawPointer.self))
        KeyExchangeOrder.apply(to: raw)
        preferKnownHostKeyTypes(raw)
        state = .handshaking
        deadline = MonotonicClock.now + target.connectTimeout
        handshake()
    }

    /// A host known by its ed25519 key must be offered ed25519 first, or libssh2's
    /// default (ECDSA first) makes a known host look unknown.
    private func preferKnownHostKeyTypes(_ raw: OpaquePointer) {
        guard target.hostKeyPolicy != .off else { return }
        let known = knownHosts.knownAlgorithms(host: target.hostname, port: target.port)
        guard !known.isEmpty else { return }
        let order = known + HostKeyAlgorithm.defaultOrder.filter { !known.contains($0) }
        _ = libssh2_session_method_pref(raw, LIBSSH2_METHOD_HOSTKEY, order.map(\.rawValue).joined(separator: ","))
    }

    func handshake() {
        guard let raw else { return }
        switch CallOutcome(Int(libssh2_session_handshake(raw, socket)), session: raw) {
        case .again: return
        case .failed(let code, let message): fail(Self.handshakeError(code, message))
        case .done:
            keyExchange = libssh2_session_methods(raw, LIBSSH2_METHOD_KEX).map { String(cString: $0) }
            if let error = checkHostKey(raw) { return fail(error) }
            if target.keepaliveInterval > 0 {
                libssh2_keepalive_config(raw, 1, UInt32(max(1, target.keepaliveInterval.rounded())))
                TCPConnection.setUserTimeout(socket, milliseconds: Int(deadPeerSeconds * 1000))
            }
            state = .authenticating(AuthProgress(methods: target.auth))
            deadline = MonotonicClock.now + target.connectTimeout
            advance(now: MonotonicClock.now)
        }
    }

    private static func handshakeError(_ code: Int32, _ message: String) -> SSHError {
        switch code {
        case LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_BANNER_SEND:
            SSHError(.notSSH, "no SSH banner: the server does not speak SSH (\(message))")
        case LIBSSH2_ERROR_KEX_FAILURE:
            SSHError(.keyExchange, "no common key exchange or host key algorithm (libssh2 1.10 cannot use rsa-sha2 host keys)")
        case LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_SEND:
            SSHError(.disconnected, "connection closed during the handshake")
        default: SSHError(.remote, "handshake failed: \(message)")
        }
    }

    /// Applies the host-key policy; nil when the host may be used. Whatever known_hosts
    /// cannot vouch for is refused, except an unknown host under `accept-new`.
    private func checkHostKey(_ raw: OpaquePointer) -> SSHError? {
        guard let key = HostKey(session: raw) else { return SSHError(.keyExchange, "the server sent no usable host key") }
        hostKey = key
        if target.hostKeyPolicy == .off { return nil }
        let name = target.knownHostsName, file = knownHosts.path
        switch knownHosts.verdict(for: key, host: target.hostname, port: target.port) {
        case .match: return nil
        case .changed(let expected, let line):
            return SSHError(.hostKeyChanged,
                "host key for \(name) has changed: \(key.typeName) \(key.fingerprint), "
                + "known_hosts (\(file):\(line)) has \(expected); refusing to connect")
        case .revoked(let line):
            return SSHError(.hostKeyRevoked,
                "host key for \(name) is revoked: \(key.typeName) \(key.fingerprint) is marked @revoked in \(file):\(line); "
                + "refusing to connect")
        case .certificateAuthorityOnly(let line):
            return SSHError(.hostKeyUnknown,
                "\(name) is trusted only through a @cert-authority line (\(file):\(line)), and host certificates "
                + "cannot be checked (libssh2 1.10 does not support them); add the host's own key to trust it "
                + "(\(key.typeName) \(key.fingerprint)); refusing to connect")
        case .unreadable(let reason):
            return SSHError(.knownHosts, "cannot read known_hosts \(file): \(reason); refusing to connect")
        case .unknown where target.hostKeyPolicy == .strict:
            return SSHError(.hostKeyUnknown,
                "\(name) is not in \(file) (\(key.typeName) \(key.fingerprint)); policy is strict")
        case .unknown:
            do {
                try knownHosts.append(key, host: target.hostname, port: target.port, hashed: target.hashKnownHosts)
            } catch { return error }
            return nil
        }
    }
}

extension SSHSession {
    /// Resolved and held back by the loop's `HandshakeWindow`.
    var awaitsAdmission: Bool {
        guard !admitted, case .resolving(let resolver) = state, case .addresses = resolver.result else { return false }
        return true
    }

    /// Between the start of its TCP connect and the end of its login.
    var isLoggingIn: Bool {
        guard admitted else { return false }
        switch state {
        case .tunnelling, .resolving, .connecting, .handshaking, .authenticating: return true
        default: return false
        }
    }

    /// Lets the session connect now; its connect timeout starts here.
    func admit(now: Double) {
        admitted = true
        admittedAt = now
        deadline = now + target.connectTimeout
        needsTurn = true
    }
}
