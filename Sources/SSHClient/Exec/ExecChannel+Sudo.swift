import CLibSSH2
import Secrets

extension ExecChannel {
    /// Passes a chunk of the prompt stream through the sudo gate and acts on it.
    func gated(_ bytes: [UInt8]) -> [UInt8] {
        guard var gate = sudoGate else { return bytes }
        let (pass, action) = gate.filter(bytes)
        sudoGate = gate
        switch action {
        case .none: break
        case .sendPassword:
            if let password = sudo?.password { passwordPending = Array(password.reveal().utf8) + [0x0A] }
        case .fail(let reason):
            if cancelReason == nil { cancelReason = .failed(SSHError(.sudo, reason)) }
            owner?.needsTurn = true
        }
        return pass
    }

    /// At the end of output: what sudo said, if the command never started.
    func emitSudoFlush() {
        guard var gate = sudoGate else { return }
        let held = gate.flush()
        sudoGate = gate
        guard !held.isEmpty else { return }
        if pty { emit(.stdout(held)) } else { emit(.stderr(held)) }
    }

    /// Writes the password sudo asked for, ahead of any input. The corresponding C
    /// function is `libssh2_channel_write_ex`.
    func writeSudoPassword(_ raw: OpaquePointer, _ session: OpaquePointer) -> Bool {
        guard !passwordPending.isEmpty else { return false }
        let written = passwordPending.withUnsafeBytes {
            libssh2_channel_write_ex(raw, 0, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
        }
        switch CallOutcome(written, session: session) {
        case .again: return false
        case .done(let count): forgetPassword(upTo: count)
        case .failed: forgetPassword(upTo: passwordPending.count)
        }
        return true
    }

    /// Overwrites the sent part of the password before letting it go.
    private func forgetPassword(upTo count: Int) {
        let count = min(count, passwordPending.count)
        for index in 0..<count { passwordPending[index] = 0 }
        passwordPending.removeFirst(count)
    }
}
