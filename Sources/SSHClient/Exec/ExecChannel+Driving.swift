import CLibSSH2

extension ExecChannel {
    /// Advances as far as possible without waiting. Returns true if anything moved,
    /// so the session keeps turning while libssh2 has buffered data for its channels.
    func step(session: OpaquePointer) -> Bool {
        var moved = false
        while !isDone, let next = stepOnce(session) {
            moved = moved || next
            if !next { break }
        }
        return moved
    }

    /// One state's worth of work: true = progressed, false = must wait, nil = done.
    private func stepOnce(_ session: OpaquePointer) -> Bool? {
        switch state {
        case .opening: return open(session)
        case .requestingPty: return call(session, "pty request", .starting) {
            libssh2_channel_request_pty_ex($0, "xterm", 5, nil, 0, 80, 24, 0, 0)
        }
        case .starting:
            let command = wireCommand
            return call(session, "exec", .running) {
                libssh2_channel_process_startup($0, "exec", 4, command, UInt32(command.utf8.count))
            }
        case .running: return run(session)
        case .awaitingEnd: return awaitEnd(session)
        case .closing: return call(session, "close", .waitingClosed) { libssh2_channel_close($0) }
        case .waitingClosed: return call(session, "close", .freeing) { libssh2_channel_wait_closed($0) }
        case .freeing: return free(session)
        case .done: return nil
        }
    }

    /// The corresponding C function is `libssh2_channel_open_ex` (2 MiB window).
    private func open(_ session: OpaquePointer) -> Bool {
        let channel = libssh2_channel_open_ex(session, "session", 7, 2 * 1024 * 1024, 32_768, nil, 0)
        switch CallOutcome.forPointer(channel, session: session) {
        case .again: return false
        case .failed(_, let message): failChannel(SSHError(.remote, "cannot open a channel: \(message)")); return true
        case .done:
            raw = channel
            state = pty ? .requestingPty : .starting
            return true
        }
    }

    /// Runs one libssh2 call on the channel and moves to `next` when it succeeds.
    private func call(_ session: OpaquePointer, _ what: String, _ next: State, _ body: (OpaquePointer) -> Int32) -> Bool {
        guard let raw else { return false }
        switch CallOutcome(Int(body(raw)), session: session) {
        case .again: return false
        case .done: state = next; return true
        case .failed(_, let message):
            if state == .closing || state == .waitingClosed {
                state = .freeing  // the command is over; a failed close only loses the status
            } else {
                failChannel(SSHError(.remote, "\(what) failed: \(message)"))
            }
            return true
        }
    }

    /// Reads stdout and stderr in turn (never one drained before the other: a full
    /// stderr window would stall stdout), and acts on a pending cancel.
    private func run(_ session: OpaquePointer) -> Bool {
        guard let raw else { return false }
        var moved = sendCancelIfDue(raw, session)
        if cancelReason == nil { moved = writeSudoPassword(raw, session) || writeInput(raw, session) || moved }
        if holdsOutput { return moved }
        for _ in 0..<64 {  // bounded per turn, so one chatty host cannot starve the others
            let out = read(raw, stream: 0, session)
            let err = read(raw, stream: 1, session)
            if isDone { return true }
            if out <= 0 && err <= 0 { break }
            moved = true
            if holdsOutput { return moved }  // the consumer's window ran out on this chunk
        }
        if libssh2_channel_eof(raw) != 0 {
            emitStdout(marker.flush())
            emitSudoFlush()
            state = .awaitingEnd
            return true
        }
        return moved
    }

    /// The output has ended; the command may not have (coreutils close stdout just
    /// before they exit, a daemon may close it and go on). Closing our side now would
    /// end the command's stdin, which the wrapper's watchdog takes as a lost
    /// connection: it would kill a command that was only finishing. So, as ssh does,
    /// wait for the server's close, which sshd sends once it has reaped the command,
    /// and cancel as while running. The corresponding C function is
    /// `libssh2_channel_wait_closed` (which also sends our close once the server's came).
    private func awaitEnd(_ session: OpaquePointer) -> Bool {
        guard let raw else { return false }
        if sendCancelIfDue(raw, session) { return true }
        // A command may close its output and go on reading its input.
        let wrote = cancelReason == nil && writeInput(raw, session)
        switch CallOutcome(Int(libssh2_channel_wait_closed(raw)), session: session) {
        case .again: return wrote
        case .done: state = .closing
        case .failed(let code, let message):
            failChannel(SSHError(.disconnected, "lost the connection before the command ended (\(code)): \(message)"))
        }
        return true
    }

    /// The most bytes one read takes: the output chunk the worker protocol recommends
    /// (`FrameLimits.recommendedOutputChunk`), so each read becomes one frame. Larger
    /// than libssh2's 32 KiB packets, so a read gathers what several packets brought
    /// and the calls (each of which also tries the socket) are fewer.
    static let readChunk = 64 << 10

    /// Bytes read (0 = nothing now); errors end the channel. Each read fills a new array
    /// that is handed on as it is: the output is not copied between libssh2 and the frame.
    private func read(_ raw: OpaquePointer, stream: Int32, _ session: OpaquePointer) -> Int {
        var count = 0
        var bytes = [UInt8](unsafeUninitializedCapacity: Self.readChunk) { buffer, initialized in
            count = buffer.withMemoryRebound(to: CChar.self) {
                libssh2_channel_read_ex(raw, stream, $0.baseAddress, $0.count)
            }
            initialized = max(0, count)
        }
        switch CallOutcome(count, session: session) {
        case .again: return 0
        case .failed(let code, let message):
            failChannel(SSHError(.disconnected, "lost the connection while reading output (\(code)): \(message)"))
            return 0
        case .done(let n):
            guard n > 0 else { return 0 }
            if sudoGate != nil && (stream == 1) != pty { bytes = gated(bytes) }
            if stream == 0 { emitStdout(marker.filter(bytes)) } else if !bytes.isEmpty { emit(.stderr(bytes)) }
            return n
        }
    }

    private func emitStdout(_ bytes: [UInt8]) {
        if !bytes.isEmpty { emit(.stdout(bytes)) }
    }

    /// The corresponding C functions are `libssh2_channel_get_exit_status`,
    /// `libssh2_channel_get_exit_signal` and `libssh2_channel_free`.
    private func free(_ session: OpaquePointer) -> Bool {
        guard let raw else { finish(outcome ?? .failed(SSHError(.remote, "channel lost"))); return true }
        if outcome == nil { outcome = cancelReason ?? Self.exitOutcome(raw, session) }
        switch CallOutcome(Int(libssh2_channel_free(raw)), session: session) {
        case .again: return false
        case .done, .failed:
            self.raw = nil
            finish(outcome ?? .exited(-1))
            return true
        }
    }

    /// A signal wins over the status: a killed process reports status 0.
    private static func exitOutcome(_ raw: OpaquePointer, _ session: OpaquePointer) -> ExecOutcome {
        var signal: UnsafeMutablePointer<CChar>?
        var length = 0
        libssh2_channel_get_exit_signal(raw, &signal, &length, nil, nil, nil, nil)
        if let signal {
            defer { libssh2_free(session, signal) }
            if length > 0 { return .signalled(String(cString: signal)) }
        }
        return .exited(libssh2_channel_get_exit_status(raw))
    }

    private func failChannel(_ error: SSHError) {
        outcome = cancelReason ?? .failed(error)
        state = raw == nil ? .done : .freeing
        if raw == nil { finish(outcome ?? .failed(error)) }
    }
}
