#if canImport(Glibc)
import Glibc
#endif
import WorkerProtocol

/// A broadcast's standard input: one spool, announced to every worker that holds a job
/// reading it, and read on only as the hosts take it.
final class BroadcastInput {
    /// What one worker has been told and has taken.
    struct WorkerShare {
        var jobsSent: UInt32 = 0
        /// From the worker's latest report that counted every job sent to it; 0 until then.
        var taken: UInt64 = 0
    }

    let spool: InputSpool
    let streamID: UInt32
    var shares: [Int: WorkerShare] = [:]

    /// How far the hosts may lag behind what has been read before reading pauses
    /// (once every host has started: until then every byte must be kept anyway).
    static let lagBytes: UInt64 = 8 << 20

    init(spool: InputSpool, streamID: UInt32) {
        self.spool = spool
        self.streamID = streamID
    }

    var reference: InputStreamRef { InputStreamRef(streamID: streamID, path: spool.path) }
    var announcement: Frame { .input(streamID: streamID, length: spool.length, ended: spool.ended) }

    /// The least any worker's jobs have taken.
    var taken: UInt64 { shares.values.map(\.taken).min() ?? spool.length }

    /// Whether to read more now: not past the end, and (once no host waits to start)
    /// not too far ahead of the slowest host.
    func wantsToRead(hostsWaiting: Bool) -> Bool {
        !spool.ended && (hostsWaiting || spool.length - min(taken, spool.length) < Self.lagBytes)
    }

    func sentJob(toSlot slot: Int) {
        shares[slot, default: WorkerShare()].jobsSent &+= 1
        shares[slot]?.taken = 0
    }

    /// A worker's report; ignored (false) when it predates a job sent since.
    func workerTook(_ offset: UInt64, jobs: UInt32, slot: Int) -> Bool {
        guard let share = shares[slot], share.jobsSent == jobs else { return false }
        shares[slot]?.taken = offset
        return true
    }
}

extension Broadcast {
    /// The stdin descriptor to poll, when more should be read now.
    var inputToPoll: Int32? {
        guard let input, input.wantsToRead(hostsWaiting: !pending.isEmpty) else { return nil }
        return input.spool.sourceDescriptor
    }

    /// Reads what standard input has and tells every worker with a reader of it.
    func readInput() {
        guard let input, input.spool.readAvailable() else { return }
        if let failure = input.spool.readFailure { sink(.log(level: .error, message: failure)) }
        for slot in input.shares.keys { announceInput(toSlot: slot) }
    }

    /// A job reading the input went to `slot`: that worker learns how much there is.
    func inputJobSent(toSlot slot: Int) {
        guard let input else { return }
        input.sentJob(toSlot: slot)
        announceInput(toSlot: slot)
    }

    /// Frees what every host has taken, here and in the copies workers on gateways
    /// keep (`inputFree`: a local worker reads this spool and has nothing to free).
    func inputTaken(_ offset: UInt64, jobs: UInt32, slot: Int) {
        guard let input, input.workerTook(offset, jobs: jobs, slot: slot), pending.isEmpty else { return }
        let before = input.spool.released
        input.spool.release(below: input.taken)
        guard input.spool.released > before else { return }
        for slot in input.shares.keys { tell(.inputFree(streamID: input.streamID, below: input.spool.released), toSlot: slot) }
    }

    /// The broadcast is over: workers forget the stream (and close their copies of it),
    /// so a pool that lives on (the shell's, a lent one) keeps no input on any disk.
    func inputOver() {
        guard let input else { return }
        for slot in input.shares.keys { tell(.inputFree(streamID: input.streamID, below: .max), toSlot: slot) }
    }

    private func announceInput(toSlot slot: Int) {
        guard let input else { return }
        tell(input.announcement, toSlot: slot)
    }

    /// A worker that cannot be written to is found dead by its stream soon enough.
    private func tell(_ frame: Frame, toSlot slot: Int) {
        try? pool.slots[slot]?.send(frame)
    }
}
