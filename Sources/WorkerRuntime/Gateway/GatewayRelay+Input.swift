#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient
import WorkerProtocol

/// One input stream carried to the far worker: the shell's spool on this machine, read
/// here as the channel to the gateway takes it and sent on in `inputData` frames, each
/// followed by an `input` frame announcing the bytes the far worker now holds.
final class RelayedStream {
    let descriptor: Int32
    /// What the shell's `input` frames have announced.
    var announced: UInt64 = 0
    var ended = false
    /// Bytes sent on in `inputData` frames.
    var sent: UInt64 = 0
    /// The last `input` frame sent on (length, ended); nil before the first.
    var told: (length: UInt64, ended: Bool)?

    init(descriptor: Int32) { self.descriptor = descriptor }

    deinit { close(descriptor) }

    /// Opens the shell's spool file. The corresponding C function is `open`.
    static func open(_ path: String) -> Result<RelayedStream, RelayedStreamError> {
        let descriptor = retryingOnInterrupt { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        guard descriptor >= 0 else { return .failure(RelayedStreamError("cannot read the input spool \(path): \(errnoText())")) }
        return .success(RelayedStream(descriptor: descriptor))
    }

    /// The next frames to send on, at most `chunk` bytes of data: an `inputData` and
    /// the `input` that covers it, or only the `input` when just the end is news;
    /// empty when the far worker knows all there is. A spool that cannot be read ends
    /// the stream where it is (the commands get end-of-file, and `failure` says why).
    func nextFrames(streamID: UInt32, chunk: Int) -> (frames: [Frame], failure: String?) {
        let (data, failure) = sent < announced ? readChunk(streamID: streamID, chunk: chunk) : (nil, nil)
        var frames = data.map { [$0] } ?? []
        let news = (length: sent, ended: ended && sent == announced)
        if told.map({ $0 != news }) ?? true {
            frames.append(.input(streamID: streamID, length: news.length, ended: news.ended))
            told = news
        }
        return (frames, failure)
    }

    /// The next bytes of the spool as an `inputData` frame. The corresponding C function
    /// is `pread`.
    private func readChunk(streamID: UInt32, chunk: Int) -> (Frame?, String?) {
        var bytes = [UInt8](repeating: 0, count: Int(min(UInt64(chunk), announced - sent)))
        let got = bytes.withUnsafeMutableBytes { buffer in
            retryingOnInterrupt { pread(descriptor, buffer.baseAddress, buffer.count, off_t(sent)) }
        }
        guard got > 0 else {
            let failure = "reading the input spool failed at byte \(sent): \(got < 0 ? errnoText() : "it is shorter")"
            (announced, ended) = (sent, true)
            return (nil, failure)
        }
        defer { sent += UInt64(got) }
        return (.inputData(streamID: streamID, offset: sent, bytes: Array(bytes[..<got])), nil)
    }
}

struct RelayedStreamError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

extension GatewayRelay {
    /// The shell's frames about standard input: an `exec` naming a spool here goes on
    /// naming none (the bytes follow in frames); an `input` is taken here and turned into
    /// `inputData` and `input` frames as the channel drains; an `inputFree` that ends the
    /// stream also closes the spool here. Nil for frames about something else.
    func decideInput(_ frame: Frame) -> HeldFrame? {
        switch frame {
        case .exec(let job):
            guard let ref = job.input, !ref.arrivesInFrames else { return nil }
            return relayed(job, ref)
        case .input(let streamID, let length, let ended):
            if let stream = relayedStreams[streamID] {
                stream.announced = max(stream.announced, length)
                stream.ended = stream.ended || ended
            }
            return .taken
        case .inputFree(let streamID, let below):
            if below == .max { relayedStreams[streamID] = nil }
            return .forward(frame)
        default:
            return nil
        }
    }

    /// The job goes on reading frames; the spool here is opened at its stream's first job.
    private func relayed(_ job: ExecJob, _ ref: InputStreamRef) -> HeldFrame {
        if relayedStreams[ref.streamID] == nil {
            switch RelayedStream.open(ref.path) {
            case .success(let stream): relayedStreams[ref.streamID] = stream
            case .failure(let error):
                let outcome = JobOutcome.failed(kind: "local", message: error.message)
                return .answer(.result(JobResult(jobID: job.jobID, outcome: outcome, durationMillis: 0)))
            }
        }
        var job = job
        job.input?.path = ""
        return .forward(.exec(job))
    }

    /// Tops up the channel's queue with standard input until it holds `lowWater` bytes
    /// or the far worker has all there is: the spool is read no faster than the gateway
    /// takes it, and never more than a few chunks of it are in memory.
    func feedInput() {
        guard phase == .relaying, !shellEnded else { return }
        var moved = false
        for (streamID, stream) in relayedStreams.sorted(by: { $0.key < $1.key }) {
            while input.waiting < RelayInput.lowWater {  // each turn sends a chunk, or the last news
                let (frames, failure) = stream.nextFrames(streamID: streamID, chunk: FrameLimits.inputDataChunk)
                if let failure { say(.log(level: .warning, message: "gateway \(gatewayName): \(failure)")) }
                guard !frames.isEmpty else { break }
                for frame in frames { input.append(frame) }
                moved = true
            }
        }
        if moved { channel?.inputArrived() }
    }
}
