import Secrets
import ShellQuote

/// Running a command as root through `sudo` on the host, with the operator's password
/// given once for every host (nil: none was given; hosts with `NOPASSWD` still run).
public struct SudoRequest: Sendable, Equatable {
    public var password: Secret?

    public init(password: Secret?) { self.password = password }
}

/// Watches a sudo'd command's prompt stream (stderr; stdout on a pty) until sudo has
/// let the command start: the password goes out when sudo's prompt (a marker with the
/// channel's nonce) shows, the command's own first act is to print a second marker,
/// and only then do the command's output and input flow. Everything sudo says before
/// (its prompt, a lecture, "Sorry, try again.") is held and dropped, so the password
/// prompt never reaches the output; if the command never starts (sudo refused, or is
/// not installed), what was held is the reason, and is passed on.
struct SudoGate {
    enum Phase: Equatable { case waiting, started, failed }
    /// What the channel must do after a chunk was filtered.
    enum Action: Equatable { case none, sendPassword, fail(String) }

    private let prompt: [UInt8]
    private let started: [UInt8]
    private(set) var phase = Phase.waiting
    private var held: [UInt8] = []
    private var promptsAnswered = 0
    let hasPassword: Bool
    /// Held bytes past this mean the marker is not coming: stop holding.
    static let holdLimit = 64 << 10

    init(nonce: String, hasPassword: Bool) {
        prompt = Array(Self.promptText(nonce).utf8)
        started = Array(Self.startedText(nonce).utf8)
        self.hasPassword = hasPassword
    }

    static func promptText(_ nonce: String) -> String { "chorus:sudo=\(nonce):" }
    static func startedText(_ nonce: String) -> String { "chorus:sudo-ok=\(nonce)\n" }

    /// The command line that runs `command` through `sudo -S` under `sh`, announcing its
    /// start on stderr. The corresponding shell words: `sudo -S -p PROMPT -- sh -c WORD`.
    static func command(_ command: String, nonce: String) -> String {
        "sudo -S -p '\(promptText(nonce))' -- sh -c "
            + ShellQuoting.quote("printf 'chorus:sudo-ok=%s\\n' \(nonce) >&2;" + command)
    }

    /// Filters a chunk of the prompt stream: what to pass on now, and what to do.
    mutating func filter(_ bytes: [UInt8]) -> (pass: [UInt8], action: Action) {
        // Once failed, the rest is sudo's own complaint about it: the failure says it.
        guard phase == .waiting else { return (phase == .started ? bytes : [], .none) }
        held += bytes
        var action = Action.none
        while phase == .waiting {  // each turn removes a prompt or ends: bounded by `held`
            let start = firstRange(of: started), prompted = firstRange(of: prompt)
            if let start, prompted.map({ start.lowerBound < $0.lowerBound }) ?? true {
                phase = .started
                defer { held = [] }
                return (Array(held[start.upperBound...]), action)
            }
            guard let prompted else { break }
            held.removeSubrange(0..<prompted.upperBound)
            action = answerPrompt()
        }
        if phase == .waiting, held.count > Self.holdLimit {
            phase = .started
            defer { held = [] }
            return (held, action)
        }
        return ([], action)
    }

    /// At the end of the stream: what sudo said if the command never started.
    mutating func flush() -> [UInt8] {
        defer { held = [] }
        return phase == .waiting ? held : []
    }

    private mutating func answerPrompt() -> Action {
        promptsAnswered += 1
        guard hasPassword else {
            phase = .failed
            return .fail("a password is required and none was given (run chorus from a terminal, or set CHORUS_SUDO_PASSWORD)")
        }
        guard promptsAnswered == 1 else {
            phase = .failed
            return .fail("authentication failed")
        }
        return .sendPassword
    }

    private func firstRange(of needle: [UInt8]) -> Range<Int>? {
        guard held.count >= needle.count else { return nil }
        for start in 0...(held.count - needle.count) where held[start] == needle[0] {
            if held[start..<(start + needle.count)].elementsEqual(needle) { return start..<(start + needle.count) }
        }
        return nil
    }
}
