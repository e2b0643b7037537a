import CLibSSH2

extension ExecChannel {
    /// The shell line that stops a command's whole process group: TERM now, KILL two
    /// seconds later if anything is left (detached, so the killer channel ends at once).
    static func killerCommand(pgid: Int) -> String {
        "kill -TERM -- -\(pgid) 2>/dev/null; (sleep 2; kill -KILL -- -\(pgid)) </dev/null >/dev/null 2>&1 &"
    }

    /// Set once a cancel is due and the command's process group is known: the session
    /// then runs the killer on a channel of its own.
    var pendingKill: Int? {
        guard cancelReason != nil, !cancelSent, !pty, state == .running else { return nil }
        return marker.pgid
    }

    func markKillSent() { cancelSent = true }

    /// With a pty: Ctrl-C, then close (the hang-up ends what ignores SIGINT). Without a
    /// pty and without a known process group: give up on the channel, report cancelled.
    func sendCancelIfDue(_ raw: OpaquePointer, _ session: OpaquePointer) -> Bool {
        guard let reason = cancelReason, !cancelSent else { return false }
        if pty {
            let rc = libssh2_channel_write_ex(raw, 0, "\u{03}", 1)
            if CallOutcome(rc, session: session) == .again { return false }
            cancelSent = true
            state = .closing
            return true
        }
        if marker.pgid == nil, marker.isSettled {
            cancelSent = true
            self.raw = nil  // freed with the session; the server never confirms its close
            finish(reason)
            return true
        }
        return false
    }
}

extension PGIDMarker {
    var isSettled: Bool { pgid != nil || !isSearching }
}
