import WorkerProtocol
// The words every renderer uses for an outcome, in one place so the summary, the gather
// headers and the JSON status agree.

extension HostOutcome {
    /// The JSON `status` value: `ok` exactly when the command ran and exited 0.
    public var statusName: String {
        switch self {
        case .exited(0): "ok"
        case .exited: "exited"
        case .signalled: "signalled"
        case .timedOut: "timeout"
        case .cancelled: "cancelled"
        case .failed: "failed"
        }
    }

    /// Order for listing reasons, most severe first, following pssh's exit classes
    /// (3: timeout, signal, cancel; then 4: SSH failures; then 5: non-zero exits).
    var severityRank: Int {
        switch self {
        case .timedOut: 0
        case .signalled: 1
        case .cancelled: 2
        case .failed: 3
        case .exited(let status): status == 0 ? 5 : 4
        }
    }

    /// `exited 1`, `killed by TERM`, `timed out`, `cancelled`, `refused: connection refused`.
    /// Remote-influenced text (signal names, messages) is escaped for the terminal.
    public var reason: String {
        switch self {
        case .failed(let kind, let message):
            Self.failure(kind: kind, message: message) { "\($0): \($1)" }
        default:
            commandReason
        }
    }

    /// As `reason`, but SSH failures read `refused (connection refused)`, for the summary,
    /// where a colon already separates the reason from its hosts.
    var summaryReason: String {
        switch self {
        case .failed(let kind, let message):
            Self.failure(kind: kind, message: message) { "\($0) (\($1))" }
        default:
            commandReason
        }
    }

    private var commandReason: String {
        switch self {
        case .exited(let status): "exited \(status)"
        case .signalled(let name): "killed by \(TerminalText.escaped(name))"
        case .timedOut: "timed out"
        case .cancelled: "cancelled"
        case .failed(let kind, _): TerminalText.escaped(kind)
        }
    }

    /// A failure's words; the message is left out when it is empty or only repeats the kind.
    private static func failure(
        kind: String, message: String, joined: (String, String) -> String
    ) -> String {
        let kind = TerminalText.escaped(kind)
        let message = TerminalText.escaped(message)
        return message.isEmpty || message == kind ? kind : joined(kind, message)
    }
}
