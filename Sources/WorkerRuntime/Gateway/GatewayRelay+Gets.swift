import Posix
import SSHClient
import WorkerProtocol

/// A get through a gateway comes back in two legs: the far worker fetches the host's
/// files into `stage-NONCE/get-JOB/` on the gateway (its own checks on names, modes and
/// links apply there), and when its result says they are all there, the relay fetches
/// that folder into the host's folder here with the same transfer code a local worker
/// uses (the same checks again, on this side). The far worker's result is held back
/// until then, and the job's one result says how both legs went.
struct GatewayGet {
    let original: TransferJob
    let farFolder: String
    /// The second leg, once started.
    var homeward: HostTransfer?
    var farResult: JobResult?
}

extension GatewayRelay {
    /// The get as the far worker runs it: into its staging folder (made first).
    func farGet(_ job: TransferJob) -> HeldFrame {
        guard staging.folderMade else {
            if let session, staging.inFlight == nil { makeStagingFolder(session) }
            return .wait
        }
        var far = job
        far.destination = "\(staging.folder)/get-\(job.jobID)"
        gets[job.jobID] = GatewayGet(original: job, farFolder: far.destination)
        return .forward(.transfer(far))
    }

    /// A whole frame of the far worker's, read while gets are in flight: a get's result
    /// starts the second leg; anything else goes on.
    func farFrameArrived(_ bytes: [UInt8]) {
        guard let jobID = Self.resultJobID(bytes), gets[jobID]?.farResult == nil, gets[jobID] != nil else {
            return out.enqueueRelayed(bytes)
        }
        var decoder = FrameDecoder()
        decoder.feed(bytes)
        guard case .result(let result)? = try? decoder.next() else { return out.enqueueRelayed(bytes) }
        gets[jobID]?.farResult = result
        guard case .exited(0) = result.outcome else {
            gets[jobID] = nil
            return out.enqueueRelayed(bytes)
        }
        bringBack(jobID)
    }

    /// The job id of a `result` frame (kind 0x23, then the id), else nil.
    private static func resultJobID(_ bytes: [UInt8]) -> UInt64? {
        guard bytes.count >= 13, bytes[4] == FrameKind.result.rawValue else { return nil }
        return bytes[5..<13].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    private func bringBack(_ jobID: UInt64) {
        guard let session, let get = gets[jobID] else { return }
        var homeward = get.original
        homeward.sources = get.original.sources.map { source in
            let name = HostTransfer.lastComponent(source.path)
            return TransferJob.Source(path: "\(get.farFolder)/\(name.isEmpty ? "." : name)")
        }
        let transfer = HostTransfer(homeward, session: session, shelf: shelf) { [unowned self] report in
            switch report {
            case .progress(let done, let total): say(.progress(jobID: jobID, done: done, total: total))
            case .skipped(let message): say(.output(jobID: jobID, stream: .stderr, bytes: Array("chorus: \(message)\n".utf8)))
            case .finished(let outcome): broughtBack(jobID, outcome)
            }
        }
        gets[jobID]?.homeward = transfer
        transfer.advance()
    }

    private func broughtBack(_ jobID: UInt64, _ outcome: JobOutcome) {
        guard let get = gets.removeValue(forKey: jobID), let far = get.farResult else { return }
        let millis = far.durationMillis &+ UInt32(clamping: Int((MonotonicClock.now - (get.homeward?.started ?? 0)) * 1000))
        let final: JobOutcome = switch outcome {
        case .exited(0): far.outcome
        case .failed(let kind, let message): .failed(kind: kind, message: "gateway \(gatewayName): bringing the files back: \(message)")
        default: outcome
        }
        say(.result(JobResult(jobID: jobID, outcome: final, durationMillis: millis)))
        session?.exec("rm -rf \"$HOME/\(get.farFolder)\"") { _ in }
    }

    /// A cancel for a get whose files are on their way back from the gateway stops that
    /// leg (the far worker is done with the job).
    func cancelHomeward(_ jobID: UInt64, timedOut: Bool) -> Bool {
        guard let homeward = gets[jobID]?.homeward else { return false }
        homeward.cancel(timedOut: timedOut)
        return true
    }
}
