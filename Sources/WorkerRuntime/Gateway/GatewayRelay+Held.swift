#if canImport(Glibc)
import Glibc
#endif
import Posix
import SSHClient
import WorkerProtocol

/// The shell's frames wait here, in order, until the far worker runs and the files they
/// name are on the gateway (`mirrored`, `staged`); then they go into the channel's input.
/// Frames about jobs already passed on (`cancel`, `credit`) overtake them.
extension GatewayRelay {
    /// Queues a frame from the shell; frames go on in order once the far worker runs
    /// and the files they name are on the gateway.
    func deliver(_ frame: Frame) {
        switch frame {
        case .cancel(let jobID, let timedOut) where cancelHeld(jobID, timedOut: timedOut) || cancelHomeward(jobID, timedOut: timedOut):
            return
        case .cancel, .credit:  // about jobs already passed on: they overtake what waits
            input.append(frame)
            channel?.inputArrived()
        default:
            if let jobID = frame.jobID { heldSince[jobID] = MonotonicClock.now }
            held.append(frame)
            forwardHeld()
        }
    }

    func forwardHeld() {
        guard phase == .relaying else { return }
        var moved = false
        while mirroring == nil, staging.inFlight == nil, let first = held.first {
            let decision = decide(first)
            if case .wait = decision { break }
            held.removeFirst()
            switch decision {
            case .forward(let frame):
                input.append(withTimeLeft(frame))
                moved = true
            case .answer(let frame): say(frame)
            case .wait, .taken: break
            }
        }
        feedInput()
        if shellEnded, held.isEmpty {  // end-of-file after the last frame, not before
            input.end()
            moved = true
        }
        if moved { channel?.inputArrived() }
    }

    /// An `openHost` names copies of its known_hosts files, a put its staged files, an
    /// `exec` may read standard input, which goes on in frames (`decideInput`).
    private func decide(_ frame: Frame) -> HeldFrame {
        if let decision = decideInput(frame) { return decision }
        switch frame {
        case .openHost(let spec): return mirrored(spec).map { .forward($0) } ?? .wait
        case .transfer(let job): return staged(job)
        default: return .forward(frame)
        }
    }

}
