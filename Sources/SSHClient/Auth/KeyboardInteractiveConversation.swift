#if canImport(Glibc)
import Glibc
#endif
import Secrets

/// One keyboard-interactive attempt with a password: decides each round's answers and
/// remembers what ends the attempt early.
///
/// A round is answered only as a whole: when any prompt in it is not a password prompt
/// (`KeyboardInteractivePrompt.asksForPassword`), every prompt of that round gets an
/// empty answer, so the password never goes out next to a question Chorus did not
/// understand. Zero-prompt rounds (OpenSSH's PAM sends one after a good password) are
/// answered with nothing. The password is given once: a server asking again has refused it.
package final class KeyboardInteractiveConversation {
    package enum Answer: Equatable { case password, empty }

    private let password: Secret
    private(set) var rounds = 0
    private var passwordGiven = false
    /// Why the attempt cannot succeed, in the words of the host's error (one line, no secret).
    package private(set) var stopReason: String?

    /// More rounds than this is a server that will not let go.
    static let roundLimit = 10

    package init(password: Secret) { self.password = password }

    /// The answers for one round, one per prompt, in order.
    package func answers(to prompts: [KeyboardInteractivePrompt]) -> [Answer] {
        rounds += 1
        let none = [Answer](repeating: .empty, count: prompts.count)
        guard stopReason == nil else { return none }
        if rounds > Self.roundLimit {
            stopReason = "keyboard-interactive: the server asked more than \(Self.roundLimit) rounds of questions"
            return none
        }
        if let question = prompts.first(where: { !$0.asksForPassword }) {
            let quoted = ServerText.oneLine(redacted(question.text), limit: 120)
            stopReason = "keyboard-interactive: cannot answer the server's prompt \"\(quoted)\" (only password prompts are answered)"
            return none
        }
        guard !prompts.isEmpty else { return none }
        guard !passwordGiven else {
            stopReason = "keyboard-interactive: refused"
            return none
        }
        passwordGiven = true
        return prompts.map { _ in .password }
    }

    /// Copies the password into `count`-byte buffers from `malloc` for libssh2, which
    /// sends and then `free`s them itself (without zeroing: that copy cannot be wiped).
    /// Nil for an empty password (an empty answer).
    func mallocPassword() -> (pointer: UnsafeMutablePointer<CChar>, count: Int)? {
        let text = password.reveal()
        let count = text.utf8.count
        guard count > 0, let buffer = malloc(count)?.assumingMemoryBound(to: CChar.self) else { return nil }
        var written = 0
        for byte in text.utf8 {  // straight from the secret's storage: no other Swift copy
            buffer[written] = CChar(bitPattern: byte)
            written += 1
        }
        return (buffer, count)
    }

    /// A prompt could quote an earlier answer back; the password must not reach the error.
    private func redacted(_ line: String) -> String {
        let secret = password.reveal()
        guard !secret.isEmpty else { return line }
        return line.replacing(secret, with: "<redacted>")
    }
}
