#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

extension SSHSession {
    /// Starts a command on this session (it must be ready, or become ready: a command
    /// given while connecting waits for authentication).
    @discardableResult
    public func exec(_ command: String, pty: Bool = false, input: (any ExecInput)? = nil, sudo: SudoRequest? = nil,
                     handler: @escaping (ExecEvent) -> Void) -> ExecChannel {
        let channel = ExecChannel(command: command, pty: pty, input: input, sudo: sudo, handler: handler)
        channel.owner = self
        if case .failed(let error) = state {
            channel.finish(.failed(error))
        } else if case .closed = state {
            channel.finish(.failed(SSHError(.disconnected, "session is closed")))
        } else {
            channels.append(channel)
            needsTurn = true
        }
        return channel
    }

    /// Seconds of silence, while commands run and keepalives go out, after which the
    /// peer counts as dead.
    var deadPeerSeconds: Double { target.keepaliveInterval * Double(max(1, target.keepaliveCountMax)) }

    /// Keepalive, dead-peer check, then every channel and transfer until none can move.
    func serviceChannels(now: Double) {
        guard let raw else { return }
        if hungUp() { return fail(SSHError(.disconnected, "the server closed the connection")) }
        sendKeepaliveIfDue(raw, now: now)
        if isPeerSilent(now: now) {
            return fail(SSHError(.disconnected, "no answer from the server for \(deadPeerSeconds.secondsText)s (keepalive)"))
        }
        transferBudget = SSHSession.transferBytesPerTurn
        for _ in 0..<16 {  // bounded: libssh2 may hold data for one channel read by another
            var moved = false
            for channel in channels where !channel.isDone {
                // Before the step too: a cancel that came with the turn goes out before more reading.
                moved = startKillerIfDue(channel) || moved
                moved = channel.step(session: raw) || moved
                moved = startKillerIfDue(channel) || moved
            }
            moved = stepSFTPWork(raw) || stepTunnels(raw) || moved
            if let lost = lostConnection() ?? sftpLostConnection { return fail(lost) }
            channels.removeAll { $0.isDone }
            if !moved { break }
        }
    }

    /// Runs the killer of a cancelled command's process group on a channel of its own,
    /// once the group is known.
    private func startKillerIfDue(_ channel: ExecChannel) -> Bool {
        guard let pgid = channel.pendingKill else { return false }
        channel.markKillSent()
        let killer = ExecChannel(command: ExecChannel.killerCommand(pgid: pgid), pty: false, isInternal: true) { _ in }
        channel.killer = killer
        channels.append(killer)
        return true
    }

    /// A channel that lost the connection means the whole session is gone.
    private func lostConnection() -> SSHError? {
        for channel in channels {
            if case .failed(let error)? = channel.outcome, error.kind == .disconnected { return error }
        }
        return nil
    }

    /// The corresponding C function is `libssh2_keepalive_send`.
    private func sendKeepaliveIfDue(_ raw: OpaquePointer, now: Double) {
        guard target.keepaliveInterval > 0, now >= nextKeepalive else { return }
        var seconds: Int32 = 0
        _ = libssh2_keepalive_send(raw, &seconds)
        nextKeepalive = now + target.keepaliveInterval
    }

    /// True when the session has commands and every one of them is paused by its
    /// consumer (output not yet taken), with no transfer: nothing is read meanwhile.
    var isHeldByConsumer: Bool {
        !channels.isEmpty && sftpWork.isEmpty && channels.allSatisfy(\.isWaitingOnConsumer)
    }

    /// Silence only counts while commands run and their output is read: an idle or
    /// held session's keepalive replies stay unread in the socket until the next
    /// command or the consumer's credit (TCP's user timeout covers it meanwhile).
    private func isPeerSilent(now: Double) -> Bool {
        let reading = (channels.contains(where: { !$0.isInternal }) || !sftpWork.isEmpty || !tunnels.isEmpty) && !isHeldByConsumer
        guard target.keepaliveInterval > 0, reading else {
            io.lastReceived = now
            return false
        }
        return now - io.lastReceived > deadPeerSeconds
    }

    /// True when the peer has shut the connection or the socket is in error.
    /// Judged from the loop's last poll of this socket (`revents`).
    private func hungUp() -> Bool {
        revents & Int16(POLLERR | POLLHUP) != 0
            || (channels.isEmpty && sftpWork.isEmpty && tunnels.isEmpty && revents & pollReadHangUp != 0)
    }
}
