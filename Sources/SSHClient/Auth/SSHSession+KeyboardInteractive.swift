import CLibSSH2
import Secrets

extension SSHSession {
    /// A password given through keyboard-interactive (RFC 4256), for servers that allow
    /// no `password` method (`KbdInteractiveAuthentication yes`, `PasswordAuthentication no`:
    /// PAM estates). The server's questions come to `answerPrompts`, which reaches this
    /// attempt's `KeyboardInteractiveConversation` through the session's abstract
    /// (`SocketIO`). A round the conversation cannot answer ends the attempt at once:
    /// libssh2 is then mid-conversation and no other method can follow, so the host fails.
    /// The corresponding C function is `libssh2_userauth_keyboard_interactive_ex`.
    func keyboardInteractiveAttempt(_ secret: Secret, _ raw: OpaquePointer) -> AuthAttempt {
        let conversation = io.keyboardInteractive ?? KeyboardInteractiveConversation(password: secret)
        io.keyboardInteractive = conversation
        let user = target.username
        let rc = libssh2_userauth_keyboard_interactive_ex(raw, user, UInt32(user.utf8.count), answerPrompts)
        let label = "keyboard-interactive"
        let outcome = Self.classify(rc, raw, label: label, refusedReason: "\(label): refused")
        if case .again = outcome, conversation.stopReason == nil { return .again }
        io.keyboardInteractive = nil
        // Even when the server let us in after all (its reply came in the same call):
        // a question left unanswered fails the host every time, not depending on timing.
        if let reason = conversation.stopReason { return .abandoned(reason) }
        return outcome
    }
}

/// libssh2's keyboard-interactive callback (`LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC`),
/// called once per SSH_MSG_USERAUTH_INFO_REQUEST, zero-prompt rounds included. libssh2
/// 1.10's contract (src/userauth.c): the prompt texts are `length` bytes, not
/// NUL-terminated; `responses` is a zeroed array of `count` entries (NULL when `count` is
/// 0), and a response left NULL/0 is sent as an empty answer; libssh2 frees each
/// response's text with the session's free function, `free` here (the session was made
/// with the default allocators), so answers are `malloc`ed. It cannot refuse a round:
/// the conversation records why, and the attempt stops when libssh2 returns.
let answerPrompts: @convention(c) (
    UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, Int32, Int32,
    UnsafePointer<LIBSSH2_USERAUTH_KBDINT_PROMPT>?, UnsafeMutablePointer<LIBSSH2_USERAUTH_KBDINT_RESPONSE>?,
    UnsafeMutablePointer<UnsafeMutableRawPointer?>?
) -> Void = { _, _, _, _, count, prompts, responses, abstract in
    guard let context = abstract?.pointee,
          let conversation = Unmanaged<SocketIO>.fromOpaque(context).takeUnretainedValue().keyboardInteractive
    else { return }
    let asked = (0..<Int(max(0, count))).map { index -> KeyboardInteractivePrompt in
        let prompt = prompts.map { $0[index] }
        let bytes = UnsafeRawBufferPointer(start: prompt?.text, count: Int(prompt?.length ?? 0))
        return KeyboardInteractivePrompt(text: String(decoding: bytes, as: UTF8.self), echo: (prompt?.echo ?? 0) != 0)
    }
    let answers = conversation.answers(to: asked)
    guard let responses else { return }
    for (index, answer) in answers.enumerated() where answer == .password {
        guard let copy = conversation.mallocPassword() else { continue }
        responses[index].text = copy.pointer
        responses[index].length = UInt32(copy.count)
    }
}
