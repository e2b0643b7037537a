#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient
import WorkerProtocol

/// `chorus __gateway`: the shell's end of a worker that runs on a gateway host. The shell
/// starts it like a local worker and sends it, first, the gateway's own `openHost`; the
/// relay logs in to the gateway as the shell would (host key, bastions, credentials, all
/// on this machine), starts the worker there (`GatewayLaunch`, copying the binary over
/// when it is missing) and from then on copies bytes: the shell's frames to the far
/// worker's standard input, its frames back as they come. The frame stream is the far
/// worker's; the relay adds frames only where nothing of the far worker's has begun:
/// before it started (`hello` and the reason it could not), or at a frame boundary when
/// the gateway is lost (the reason, as an error `log`). Toward the far worker it adds
/// the bytes of the shell's standard input spool, which is on this machine, as
/// `inputData` frames read as the channel drains (`feedInput`).
final class GatewayRelay {
    enum Phase { case awaitingGateway, launching, uploading, relaying, done }

    let loop: SSHEventLoop
    let inbox: FrameInbox
    var out: QueuedDescriptorWriter
    let software: String
    let version: String
    var phase = Phase.awaitingGateway
    var gateway: HostSpec?
    var session: SSHSession?
    var channel: ExecChannel?
    var launch: GatewayLaunch?
    let input = RelayInput()
    /// Standard input streams carried to the far worker in frames, by stream id.
    var relayedStreams: [UInt32: RelayedStream] = [:]
    /// Frames from the shell not yet passed on (see `deliver`).
    var held: [Frame] = []
    /// When each waiting job arrived (its timeout counts from then).
    var heldSince: [UInt64: Double] = [:]
    /// Local known_hosts file (`LocalFileKey`) → its copy on the gateway; the path being copied.
    var mirrors: [String: String] = [:]
    var mirroring: String?
    /// Each copy's length as sent, and the hosts sent to the far worker under accept-new
    /// with each copy (see `bringBackLearnedKeys`).
    var copiedLengths: [String: Int] = [:]
    var learnable: [String: Set<LearnedHostKeys.Candidate>] = [:]
    /// Frames of the relay's own waiting for a frame boundary (see `say`).
    var ownFrames: [Frame] = []
    /// A put's files copied to the gateway once for all its hosts (see `staged`).
    var staging = Staging()
    /// Gets in flight, by job id (see `GatewayGet`), and the files the second legs use.
    var gets: [UInt64: GatewayGet] = [:]
    let shelf = FileSourceShelf()
    /// Whether the far worker's frame being read is read whole before it goes on (it
    /// began while gets were in flight), and its bytes so far.
    var collecting = false
    var collected: [UInt8] = []
    var boundary = FrameBoundary()
    /// What the launch channel printed before the far worker's first frame.
    var prelude: [UInt8] = []
    /// The end of what the far side wrote on stderr, for the reason it stopped.
    var stderrTail: [UInt8] = []
    var copiedBinary = false
    var shellEnded = false
    /// Once the shell has ended: how long the far worker may take to say bye.
    var endDeadline: Double?
    var status: Int32 = 0

    init(input: Int32, output: Int32, software: String, version: String) throws {
        loop = try SSHEventLoop()
        out = try QueuedDescriptorWriter(descriptor: output)
        inbox = FrameInbox(descriptor: input, waker: loop.waker)
        self.software = software
        self.version = version
    }

    var gatewayName: String { gateway?.name ?? "?" }

    /// The loop: output to the shell, SSH work, the shell's frames, until done.
    func serve() -> Int32 {
        while phase != .done {
            flushOutput()
            let waiting = out.waitingBytes > 0 ? out.descriptor : -1
            loop.runOnce(maxWait: 0.25, writable: waiting)
            takeShellFrames()
            expireHeldJobs()
            if let endDeadline, MonotonicClock.now >= endDeadline { phase = .done }
        }
        bringBackLearnedKeys()
        removeStagingFolder()
        if let session { loop.remove(session) }
        _ = try? out.drain(limit: 10)
        return status
    }

    /// The first frame names the gateway; the rest are the far worker's.
    private func takeShellFrames() {
        let (frames, end) = inbox.drain()
        var rest = frames[...]
        if phase == .awaitingGateway, let first = rest.popFirst() {
            guard case .openHost(let spec) = first else {
                return fail("the relay's first frame must be the gateway's openHost, not \(first.kind)")
            }
            start(spec)
        }
        for frame in rest { deliver(frame) }
        if end != .open, !shellEnded { shellFinished() }
    }

    /// Stops sending: the far worker gets end-of-file once the queued frames are out
    /// (it then cancels its commands, closes its sessions and says bye).
    private func shellFinished() {
        shellEnded = true
        forwardHeld()
        if phase == .relaying {
            endDeadline = MonotonicClock.now + 10
        } else {
            phase = .done
        }
    }

    private func start(_ spec: HostSpec) {
        gateway = spec
        do {
            launch = try GatewayLaunch(version: version)
        } catch {
            return fail("cannot read this chorus binary to run it there: \(error)")
        }
        session = loop.connect(spec.target)
        input.drained = { [unowned self] in feedInput() }
        runLaunchCommand()
    }

    /// Starts the far worker, or learns that the binary must be copied first.
    func runLaunchCommand() {
        guard let session, let launch else { return }
        phase = .launching
        prelude = []
        channel = session.exec(launch.command, input: input) { [unowned self] event in
            switch event {
            case .stdout(let bytes): stdoutArrived(bytes)
            case .stderr(let bytes): keepStderr(bytes)
            case .finished(let outcome): launchChannelFinished(outcome)
            }
        }
    }

    private func stdoutArrived(_ bytes: [UInt8]) {
        if phase == .relaying { return forward(bytes) }
        guard phase == .launching else { return }
        prelude += bytes
        if let frames = Self.bytes(after: GatewayLaunch.workerFollows, in: prelude) {  // the far worker runs
            phase = .relaying
            input.release()
            forwardHeld()
            prelude = []
            if !frames.isEmpty { forward(frames) }
        } else if prelude.count > 65536 {
            fail("unexpected output instead of the worker: \(Self.firstLine(prelude))")
        }
    }

    /// What follows the line `marker` in `bytes`, once that line is there; nil before.
    private static func bytes(after marker: String, in bytes: [UInt8]) -> [UInt8]? {
        let line = Array((marker + "\n").utf8)
        guard bytes.count >= line.count else { return nil }
        for start in 0...(bytes.count - line.count) where (start == 0 || bytes[start - 1] == 10)
            && bytes[start..<start + line.count].elementsEqual(line) {
            return Array(bytes[(start + line.count)...])
        }
        return nil
    }

    private func keepStderr(_ bytes: [UInt8]) {
        stderrTail += bytes
        if stderrTail.count > 4096 { stderrTail.removeFirst(stderrTail.count - 4096) }
    }

    private func launchChannelFinished(_ outcome: ExecOutcome) {
        switch phase {
        case .launching:
            if String(decoding: prelude, as: UTF8.self).hasSuffix(GatewayLaunch.needsBinary + "\n"), !copiedBinary {
                copyBinary()
            } else {
                fail(launchFailure(outcome))
            }
        case .relaying:
            if shellEnded { phase = .done } else { lost(outcome) }
        case .awaitingGateway, .uploading, .done:
            break
        }
    }

    /// Copies the far worker's bytes to the shell; a shell that reads slowly holds the
    /// channel (and so the far worker, through SSH's window) back.
    private func forward(_ bytes: [UInt8]) {
        if ownFrames.isEmpty, gets.isEmpty, !collecting {
            boundary.pass(bytes[...])
            out.enqueueRelayed(bytes)
        } else {
            forwardFrameByFrame(bytes[...])
        }
        if let length = boundary.refusedLength {  // the shell's decoder would refuse it too
            return lost(reason: "its worker sent a frame length of \(length) bytes (at most \(boundary.maxFrameLength))")
        }
        if out.isBacklogged { channel?.isPaused = true }
    }

    /// The slow way, while the relay has frames of its own to add or results to catch:
    /// piece by piece up to each frame boundary, whole frames read when gets are in flight.
    private func forwardFrameByFrame(_ bytes: ArraySlice<UInt8>) {
        var rest = bytes
        while !rest.isEmpty, boundary.refusedLength == nil {  // each turn takes at least one byte
            if boundary.isAtBoundary {
                sayWaitingFrames()
                collecting = !gets.isEmpty
            }
            let count = boundary.passUntilBoundary(rest)
            let piece = rest.prefix(count)
            rest = rest.dropFirst(count)
            guard collecting else {
                out.enqueueRelayed(Array(piece))
                continue
            }
            collected += piece
            if boundary.isAtBoundary {
                collecting = false
                let frame = collected
                collected = []
                farFrameArrived(frame)
            }
        }
        if boundary.isAtBoundary { sayWaitingFrames() }
    }

    /// Sends a frame of the relay's own (a job it answers itself) between two of the far
    /// worker's: now if the stream stands between frames, else at the next boundary.
    /// Before the far worker's hello has gone to the shell, they wait for it.
    func say(_ frame: Frame) {
        if phase == .relaying, boundary.isAtBoundary { out.enqueue(frame) } else { ownFrames.append(frame) }
    }

    private func sayWaitingFrames() {
        for frame in ownFrames { out.enqueue(frame) }
        ownFrames.removeAll()
    }

    func flushOutput() {
        do { try out.flush() } catch {
            if !shellEnded { shellFinished() }
        }
        if let channel, channel.isPaused, out.waitingBytes < QueuedDescriptorWriter.highWater / 2 { channel.isPaused = false }
    }

    /// The relay could not start the far worker: the shell learns why as the first
    /// frames of what it takes for a worker (which then ends).
    func fail(_ reason: String) {
        guard phase != .relaying else { return lost(reason: reason) }
        out.enqueue(.hello(Hello(version: ProtocolVersion.current, role: .worker, software: software)))
        out.enqueue(.log(level: .error, message: "gateway \(gatewayName): \(reason)"))
        phase = .done
        status = 1
    }

    private func lost(_ outcome: ExecOutcome) { lost(reason: describe(outcome)) }

    /// The gateway went away under a running worker: its hosts fail in the shell; the
    /// reason goes with them when it can be added between two frames.
    func lost(reason: String) {
        if boundary.isAtBoundary { out.enqueue(.log(level: .error, message: "gateway \(gatewayName) lost: \(reason)")) }
        phase = .done
        status = 1
    }

    private func launchFailure(_ outcome: ExecOutcome) -> String {
        if case .failed(let error) = outcome { return error.message }
        if !prelude.isEmpty { return "the worker did not start (\(describe(outcome))); it printed \(Self.firstLine(prelude))" }
        return "the worker did not start (\(describe(outcome)))"
    }

    private func describe(_ outcome: ExecOutcome) -> String {
        let said = stderrTail.isEmpty ? "" : ": \(Self.lastLine(stderrTail))"
        switch outcome {
        case .failed(let error): return error.message
        case .exited(let code): return "its worker exited with status \(code)\(said)"
        case .signalled(let name): return "its worker was killed by SIG\(name)\(said)"
        case .cancelled: return "cancelled"
        }
    }

    static func firstLine(_ bytes: [UInt8]) -> String {
        let line = bytes.split(separator: 10, omittingEmptySubsequences: true).first ?? []
        return String(decoding: line.prefix(200), as: UTF8.self).debugDescription
    }

    static func lastLine(_ bytes: [UInt8]) -> String {
        let line = bytes.split(separator: 10, omittingEmptySubsequences: true).last ?? []
        return String(decoding: line.suffix(300), as: UTF8.self)
    }
}
