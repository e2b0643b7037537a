#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient
import WorkerProtocol

/// One input stream the shell feeds: a spool file it appends to and announces with
/// `input` frames. Every job on the stream reads the file from the start at its own
/// pace (`SpoolFeed`), so the bytes cross the pipe from the shell not at all and the
/// page cache once, however many hosts take them. On a gateway the spool is the
/// worker's own copy, written from `inputData` frames (`InputMirror`).
final class InputStream {
    let path: String
    /// The worker's own copy of a stream whose bytes arrive in frames: open for the
    /// stream's whole life (its file has no name), never reopened by path.
    let mirror: InputMirror?
    private(set) var length: UInt64 = 0
    private(set) var ended = false
    /// Open while a job reads the stream.
    private var descriptor: Int32 = -1
    private var feeds: [ObjectIdentifier: SpoolFeed] = [:]
    /// Jobs started on the stream, reported back so the shell can tell a report that
    /// predates its latest job.
    private(set) var jobsSeen: UInt32 = 0
    /// The last `inputTaken` offset sent.
    var reported: UInt64 = 0

    init(path: String) {
        self.path = path
        mirror = nil
    }

    init(mirror: InputMirror) {
        path = ""
        self.mirror = mirror
        descriptor = mirror.descriptor
    }

    /// A reader for a new job, or the reason the spool cannot be read.
    func attach() -> Result<SpoolFeed, SSHError> {
        if descriptor < 0 {
            descriptor = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC) }
            guard descriptor >= 0 else {
                return .failure(SSHError(.local, "cannot read the input spool \(path): \(errnoText())"))
            }
        }
        let feed = SpoolFeed(stream: self)
        feeds[ObjectIdentifier(feed)] = feed
        jobsSeen &+= 1
        reported = 0  // the new job starts at 0: report its progress afresh
        return .success(feed)
    }

    /// The shell's news: more bytes, or the end.
    /// A copy holds what was written to it: no more, and no more at all once writing failed.
    func grew(to length: UInt64, ended: Bool) {
        let held = mirror.map { min(length, $0.written) } ?? length
        self.length = max(self.length, held)
        self.ended = self.ended || ended || mirror?.failure != nil
        for feed in feeds.values { feed.channel?.inputArrived() }
    }

    /// How far every reader has got: the spool below may go. With no reader, the whole.
    var taken: UInt64 { feeds.values.map(\.offset).min() ?? length }

    func detach(_ feed: SpoolFeed) {
        feeds[ObjectIdentifier(feed)] = nil
        if feeds.isEmpty, mirror == nil, descriptor >= 0 {
            close(descriptor)
            descriptor = -1
        }
    }

    /// The corresponding C function is `pread`.
    func read(at offset: UInt64, into buffer: inout [UInt8]) -> Int {
        let count = Int(min(UInt64(buffer.count), length - min(offset, length)))
        guard count > 0, descriptor >= 0 else { return 0 }
        let got = buffer.withUnsafeMutableBytes { bytes in
            retryingOnInterrupt { pread(descriptor, bytes.baseAddress, count, off_t(offset)) }
        }
        return max(0, got)
    }
}

/// One job's reader of an input stream.
final class SpoolFeed: ExecInput {
    private let stream: InputStream
    private(set) var offset: UInt64 = 0
    private var buffer = [UInt8](repeating: 0, count: 32_768)
    private var buffered = 0..<0
    private var closed = false
    /// The channel to wake when the stream grows.
    weak var channel: ExecChannel?

    init(stream: InputStream) { self.stream = stream }

    func peek(limit: Int) -> ArraySlice<UInt8> {
        if buffered.isEmpty, !closed {
            buffered = 0..<stream.read(at: offset, into: &buffer)
        }
        return buffer[buffered.lowerBound..<min(buffered.upperBound, buffered.lowerBound + limit)]
    }

    func take(_ count: Int) {
        let count = min(count, buffered.count)
        buffered = (buffered.lowerBound + count)..<buffered.upperBound
        offset += UInt64(count)
    }

    var hasEnded: Bool { stream.ended && offset >= stream.length }

    func close() {
        guard !closed else { return }
        closed = true
        stream.detach(self)
    }
}

extension Worker {
    /// The input for a job: a reader of its stream, nil for none, or why it failed.
    func input(for job: ExecJob) -> Result<SpoolFeed?, SSHError> {
        guard let ref = job.input else { return .success(nil) }
        if ref.arrivesInFrames {
            return mirrorStream(ref.streamID).flatMap { $0.attach() }.map { $0 }
        }
        let stream = inputStreams[ref.streamID] ?? InputStream(path: ref.path)
        inputStreams[ref.streamID] = stream
        return stream.attach().map { $0 }
    }

    func inputGrew(_ streamID: UInt32, length: UInt64, ended: Bool) {
        guard let stream = inputStreams[streamID] else {
            return send(.log(level: .warning, message: "worker: input for unknown stream \(streamID)"))
        }
        stream.grew(to: length, ended: ended)
    }

    /// Tells the shell how far its streams have been taken, a quarter window at a time
    /// or when a stream is fully taken, so it reads on and frees the spool.
    func reportInputTaken() {
        for (streamID, stream) in inputStreams {
            let taken = stream.taken
            guard taken > stream.reported, taken - stream.reported >= Self.inputReportStep || taken == stream.length else { continue }
            stream.reported = taken
            send(.inputTaken(streamID: streamID, offset: taken, jobs: stream.jobsSeen))
        }
    }

    static let inputReportStep: UInt64 = 256 << 10
}
