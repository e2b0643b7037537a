import CLibSSH2

/// How a remote command ended.
public enum ExecOutcome: Sendable, Equatable {
    case exited(Int32)
    /// Killed by a signal (name without `SIG`, as the server reports it).
    case signalled(String)
    /// Stopped on request; `timedOut` tells a command timeout from a user's cancel.
    case cancelled(timedOut: Bool)
    case failed(SSHError)
}

/// What a running command reports, in order: output chunks, then exactly one `finished`.
public enum ExecEvent: Sendable, Equatable {
    case stdout([UInt8])
    case stderr([UInt8])
    case finished(ExecOutcome)
}

/// One command on one channel of a kept session, driven by the session.
///
/// Without a pty the command is prefixed with a wrapper (`wrapperPrologue`) that prints
/// its process group (the remote shell leads its own group), so cancelling can kill the
/// whole group over a second channel: closing a pty-less channel does not stop the
/// remote process. The wrapper's watchdog ends the group when the connection goes.
/// With a pty, cancelling sends Ctrl-C (ETX) and then closes, which hangs it up.
public final class ExecChannel {
    public let command: String
    public let pty: Bool
    let handler: (ExecEvent) -> Void
    /// The command's standard input; nil: `/dev/null` (see `wrapperPrologue`).
    let input: (any ExecInput)?
    /// Set once end-of-file went out or the command stopped taking input.
    var inputClosed = false
    /// Run through `sudo` on the host, with this password for its prompt.
    let sudo: SudoRequest?
    var sudoGate: SudoGate?
    /// The password being written to sudo, emptied (and zeroed) once sent.
    var passwordPending: [UInt8] = []

    enum State { case opening, requestingPty, starting, running, awaitingEnd, closing, waitingClosed, freeing, done }
    var state = State.opening
    var raw: OpaquePointer?
    var outcome: ExecOutcome?
    var marker: PGIDMarker
    /// This channel's marker nonce (see `wrapperPrologue`).
    let nonce = ExecChannel.makeNonce()
    var cancelReason: ExecOutcome?
    /// A cancel or timeout was asked for.
    public var isCancelled: Bool { cancelReason != nil }
    var cancelSent = false
    /// Set when a cancel could not kill the command (its process group never showed):
    /// it may still be running on the host.
    public internal(set) var mayStillRun = false
    /// Internal channels (the killer of a cancelled command) report nothing.
    let isInternal: Bool
    /// The session driving this channel, told when the channel has work that no
    /// socket event will announce (a cancel).
    weak var owner: SSHSession?

    /// While paused the channel's output is left unread, so the SSH window fills and
    /// the remote command blocks on write: backpressure from the consumer to the host.
    public var isPaused = false {
        didSet { if !isPaused { owner?.needsTurn = true } }
    }

    init(command: String, pty: Bool, input: (any ExecInput)? = nil, sudo: SudoRequest? = nil, isInternal: Bool = false,
         handler: @escaping (ExecEvent) -> Void) {
        self.command = command
        self.pty = pty
        // sudo reads its password from the channel, so the command's stdin must be the
        // channel even when there is no input to forward: then it ends once sudo is done.
        self.input = input ?? (sudo == nil ? nil : NoInput())
        self.sudo = sudo
        self.isInternal = isInternal
        self.handler = handler
        marker = PGIDMarker(nonce: nonce)
        if pty { marker.disable() }
        if let sudo { sudoGate = SudoGate(nonce: nonce, hasPassword: sudo.password != nil) }
    }

    public var isDone: Bool { state == .done }

    /// Whether output is left unread now. A pause holds it only until a cancel: the
    /// channel ends once the host's last bytes are read, and a consumer that stopped
    /// giving credit (a slow terminal) must not hold the cancel back. While the killer
    /// of a cancelled command runs, its output is held instead: the host's window fills
    /// and the command blocks, so no time goes on reading bytes that will be dropped,
    /// and the kill goes out sooner; after it, the rest is read (and dropped) to the end.
    var holdsOutput: Bool { (isPaused && cancelReason == nil) || killer.map { !$0.isDone } ?? false }
    /// The channel running `killerCommand` for this one, once started.
    var killer: ExecChannel?

    /// Running and holding its output (paused with no cancel to carry out, or waiting
    /// for its killer): nothing to do until the consumer or the killer is done,
    /// whatever the socket says.
    var isWaitingOnConsumer: Bool { holdsOutput && state == .running }
    var wakeTime: Double? { nil }

    /// Whether the command, ended with `outcome`, was never run by the host's shell: it
    /// exited without the shell's first line (the process-group marker), as when the
    /// account runs something else in its place (`ForceCommand internal-sftp`) or has
    /// no shell (`nologin`). Unknown, so false, on a pty.
    func ranSomethingElse(_ outcome: ExecOutcome) -> Bool {
        guard case .exited = outcome, !pty else { return false }
        return marker.pgid == nil
    }

    /// What is sent to the server: the wrapper, then the command on the same line,
    /// unless on a pty (where closing the channel hangs the command up).
    var wireCommand: String {
        let command = sudo == nil ? command : SudoGate.command(command, nonce: nonce)
        return pty ? command : Self.wrapperPrologue(nonce: nonce, forwardsInput: input != nil) + command
    }

    /// Asks the command to stop; the session carries it out on its next turn.
    public func cancel(timedOut: Bool = false) {
        guard cancelReason == nil, !isDone else { return }
        cancelReason = .cancelled(timedOut: timedOut)
        owner?.needsTurn = true
    }

    /// The session died under the channel: report once and forget the handle (freed
    /// with the session).
    func abandon(_ error: SSHError) {
        raw = nil
        finish(cancelReason ?? .failed(error))
    }

    func finish(_ result: ExecOutcome) {
        guard state != .done else { return }
        state = .done
        closeInput()
        if !isInternal { handler(.finished(result)) }
    }

    func emit(_ event: ExecEvent) {
        if !isInternal { handler(event) }
    }
}
