import SSHClient
import WorkerProtocol

/// The shell's frames on their way to a gateway's worker: the standard input of the
/// channel that runs it. Nothing is offered until `release` (the worker has started:
/// until then the channel may be the launch check, which must not swallow them), and
/// end-of-file goes out once the shell's stream has ended and every byte is sent.
/// Used on the relay's loop thread only.
final class RelayInput: ExecInput {
    private var bytes: [UInt8] = []
    private var sent = 0
    private var released = false
    private var ended = false

    func append(_ frame: Frame) { bytes += FrameEncoder.encode(frame) }

    /// Bytes queued and not yet sent.
    var waiting: Int { bytes.count - sent }

    /// Called when what waits drops below `lowWater`, so standard input is read from the
    /// spool only as the channel to the gateway takes it (see `GatewayRelay.feedInput`).
    var drained: (() -> Void)?

    /// Below this many waiting bytes the relay reads more input.
    static let lowWater = 1 << 20

    /// The worker runs: its input may flow.
    func release() { released = true }

    /// The shell's stream ended: end-of-file follows what is queued.
    func end() { ended = true }

    func peek(limit: Int) -> ArraySlice<UInt8> {
        released ? bytes[sent..<min(bytes.count, sent + limit)] : []
    }

    func take(_ count: Int) {
        sent += count
        if sent == bytes.count {
            bytes.removeAll(keepingCapacity: bytes.capacity <= 4 << 20)
            sent = 0
        } else if sent >= Self.lowWater {  // topped up while sending: drop what went
            bytes.removeFirst(sent)
            sent = 0
        }
        if waiting < Self.lowWater { drained?() }
    }

    var hasEnded: Bool { released && ended && sent == bytes.count }

    func close() {}
}
