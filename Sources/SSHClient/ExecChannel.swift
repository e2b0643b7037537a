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
/// Without a pty the command is prefixed with a line that prints its process group
/// (the remote shell leads its own group), so cancelling can kill the whole group
/// over a second channel: closing a pty-less channel does not stop the remote process.
/// With a pty, cancelling sends Ctrl-C (ETX) and then closes, which hangs it up.
public final class ExecChannel {
    public let command: String
    public let pty: Bool
    let handler: (ExecEvent) -> Void

    enum State { case opening, requestingPty, starting, running, closing, waitingClosed, freeing, done }
    var state = State.opening
    var raw: OpaquePointer?
    var outcome: ExecOutcome?
    var marker = PGIDMarker()
    var cancelReason: ExecOutcome?
    var cancelSent = false
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

    init(command: String, pty: Bool, isInternal: Bool = false, handler: @escaping (ExecEvent) -> Void) {
        self.command = command
        self.pty = pty
        self.isInternal = isInternal
        self.handler = handler
        if pty { marker.disable() }
    }

    public var isDone: Bool { state == .done }

    /// Running, paused, and with no cancel to carry out: nothing to do until the
    /// consumer catches up, whatever the socket says.
    var isWaitingOnConsumer: Bool { isPaused && state == .running && cancelReason == nil }
    var wakeTime: Double? { nil }

    /// Whether the command, ended with `outcome`, was never run by the host's shell: it
    /// exited without the shell's first line (the process-group marker), as when the
    /// account runs something else in its place (`ForceCommand internal-sftp`) or has
    /// no shell (`nologin`). Unknown, so false, on a pty.
    func ranSomethingElse(_ outcome: ExecOutcome) -> Bool {
        guard case .exited = outcome, !pty else { return false }
        return marker.pgid == nil
    }

    /// What is sent to the server: the marker line first, unless on a pty.
    var wireCommand: String {
        pty ? command : "printf '\(PGIDMarker.prefix)%s\\n' \"$$\"\n" + command
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
        if !isInternal { handler(.finished(result)) }
    }

    func emit(_ event: ExecEvent) {
        if !isInternal { handler(event) }
    }
}

/// Strips the `chorus:pgid=N` line the wrapper prints before the command's output.
struct PGIDMarker {
    static let prefix = "chorus:pgid="
    private(set) var pgid: Int?
    private var pending: [UInt8] = []
    private var settled = false

    mutating func disable() { settled = true }

    /// Still waiting for the first line.
    var isSearching: Bool { !settled }

    /// Feeds stdout bytes; returns what belongs to the command's output.
    mutating func filter(_ bytes: [UInt8]) -> [UInt8] {
        guard !settled else { return bytes }
        pending += bytes
        guard let newline = pending.firstIndex(of: UInt8(ascii: "\n")) else {
            return pending.count > 64 ? flush() : []
        }
        let line = String(decoding: pending[..<newline], as: UTF8.self)
        if line.hasPrefix(Self.prefix), let value = Int(line.dropFirst(Self.prefix.count)) {
            pgid = value
            pending.removeSubrange(...newline)
        }
        return flush()
    }

    /// Ends the search; returns the bytes held back meanwhile (also at end of output).
    mutating func flush() -> [UInt8] {
        settled = true
        defer { pending = [] }
        return pending
    }
}
