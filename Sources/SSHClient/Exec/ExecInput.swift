import CLibSSH2

/// Where a command's standard input comes from, read as the channel can take it.
/// The channel asks for bytes only when the host's SSH window has room, so a host that
/// reads slowly holds its source back rather than filling memory.
public protocol ExecInput: AnyObject {
    /// Up to `limit` bytes that follow what was taken so far; empty when none are
    /// available yet or when the input has ended (see `hasEnded`).
    func peek(limit: Int) -> ArraySlice<UInt8>
    /// The channel has sent the first `count` bytes of the last `peek`.
    func take(_ count: Int)
    /// True once every byte has been taken and no more will come: the channel then
    /// sends end-of-file.
    var hasEnded: Bool { get }
    /// The channel is done with this input (its command ended or failed).
    func close()
}

extension ExecChannel {
    /// Sends what input is available, as far as the SSH window allows, then end-of-file
    /// once the input has ended. The corresponding C functions are
    /// `libssh2_channel_write_ex` and `libssh2_channel_send_eof`.
    func writeInput(_ raw: OpaquePointer, _ session: OpaquePointer) -> Bool {
        guard let input, !inputClosed, sudoGate.map({ $0.phase == .started }) ?? true else { return false }
        var moved = false
        for _ in 0..<16 {  // bounded per turn, as reading is
            let bytes = input.peek(limit: 32_768)
            if bytes.isEmpty { return sendEndOfInputIfDue(input, raw, session) || moved }
            let written = bytes.withUnsafeBytes {
                libssh2_channel_write_ex(raw, 0, $0.baseAddress?.assumingMemoryBound(to: CChar.self), $0.count)
            }
            switch CallOutcome(written, session: session) {
            case .again: return moved
            case .done(let count):
                input.take(count)
                moved = true
            case .failed:  // the command stopped reading (it ended): its output tells the rest
                closeInput()
                return true
            }
        }
        return moved
    }

    private func sendEndOfInputIfDue(_ input: any ExecInput, _ raw: OpaquePointer, _ session: OpaquePointer) -> Bool {
        guard input.hasEnded else { return false }
        if CallOutcome(Int(libssh2_channel_send_eof(raw)), session: session) == .again { return false }
        closeInput()
        return true
    }

    /// More input is available: the session gives the channel a turn to send it.
    public func inputArrived() {
        if !inputClosed { owner?.needsTurn = true }
    }

    /// No more input will be sent: release the source.
    func closeInput() {
        guard !inputClosed else { return }
        inputClosed = true
        input?.close()
    }
}

/// Input that has ended before it began: end-of-file at once.
final class NoInput: ExecInput {
    func peek(limit: Int) -> ArraySlice<UInt8> { [] }
    func take(_ count: Int) {}
    var hasEnded: Bool { true }
    func close() {}
}
