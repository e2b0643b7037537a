#if canImport(Glibc)
import Glibc
#endif

extension SSHSession {
    /// Behind a bastion: once the tunnel is open its socket is this session's, and the
    /// handshake starts as over TCP; a tunnel that failed is the host's failure, in the
    /// bastion's words.
    func throughTunnel(_ tunnel: Tunnel) {
        switch tunnel.state {
        case .opening: return
        case .closed(let failure):
            fail(tunnel.hostError(failure ?? SSHError(.disconnected, "the tunnel closed before the handshake")))
        case .open:
            guard let socket = tunnel.takeSessionSocket() else { return }
            self.socket = socket
            state = .closed  // replaced at once by the handshake
            startHandshake()
        }
    }

    /// A lost connection of a host behind a bastion says why the bastion lost it.
    func bastionWords(for error: SSHError) -> SSHError {
        guard error.kind == .disconnected, let tunnel, case .closed(let failure?) = tunnel.state else { return error }
        return tunnel.hostError(failure)
    }

    /// As a bastion: opens and pumps the tunnels; true if any moved.
    func stepTunnels(_ raw: OpaquePointer) -> Bool {
        var moved = false
        for tunnel in tunnels { moved = tunnel.step(session: raw) || moved }
        tunnels.removeAll(where: \.isOver)
        return moved
    }
}
