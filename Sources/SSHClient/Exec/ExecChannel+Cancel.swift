import CLibSSH2

extension ExecChannel {
    /// The shell line that stops a command's whole process group: TERM now, KILL two
    /// seconds later if anything is left (detached, so the killer channel ends at once).
    /// `kill -s SIG --` is the form dash's `kill` understands too.
    static func killerCommand(pgid: Int) -> String {
        "kill -s TERM -- -\(pgid) 2>/dev/null; (sleep 2; kill -s KILL -- -\(pgid)) </dev/null >/dev/null 2>&1 &"
    }

    /// Set once a cancel is due and the command's process group is known: the session
    /// then runs the killer on a channel of its own.
    var pendingKill: Int? {
        guard cancelReason != nil, !cancelSent, !pty, state == .running || state == .awaitingEnd else { return nil }
        return marker.pgid
    }

    func markKillSent() { cancelSent = true }

    /// With a pty: Ctrl-C, then close (the hang-up ends what ignores SIGINT). Without a
    /// pty and without a known process group: close the channel (sshd then closes the
    /// command's stdin, which the wrapper's watchdog takes as the end of the connection,
    /// if the wrapper ran), give up on it and report cancelled, noting in `mayStillRun`
    /// that nothing confirmed the command's end.
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
            if CallOutcome(Int(libssh2_channel_close(raw)), session: session) == .again { return false }
            cancelSent = true
            mayStillRun = true
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
