#if canImport(Glibc)
import Glibc
#endif
import Posix
import WorkerProtocol

extension WorkerPool {
    /// Runs `command` on every host and returns each host's outcome. Events reach `sink`
    /// as they happen. Signals on `signals` cancel the broadcast; `terminatedBy` names a
    /// terminating signal (TERM, HUP, or PIPE posted for a broken standard output) that
    /// arrived, so the caller can exit after.
    public func broadcast(
        _ command: String, to hosts: [DispatchHost], options: BroadcastOptions, software: String,
        signals: SignalPipe? = nil, sink: @escaping (BroadcastEvent) -> Void
    ) -> (results: [String: JobOutcome], terminatedBy: Int32?) {
        run(.command(command), on: hosts, options: options, software: software, signals: signals, sink: sink)
    }

    /// Does `work` on every host (see `broadcast`, which is this for a command).
    /// With `input`, a command's standard input on every host is that spool (read on
    /// as the hosts take it); without, `/dev/null`.
    public func run(
        _ work: BroadcastWork, on hosts: [DispatchHost], options: BroadcastOptions, software: String,
        signals: SignalPipe? = nil, input: InputSpool? = nil, sink: @escaping (BroadcastEvent) -> Void
    ) -> (results: [String: JobOutcome], terminatedBy: Int32?) {
        let feed = input.map { BroadcastInput(spool: $0, streamID: nextStreamID()) }
        let run = Broadcast(pool: self, work: work, hosts: hosts, options: options, software: software, input: feed,
                            signals: signals, sink: sink)
        var lastTick = MonotonicClock.now
        while !run.isDone {  // ends: every job ends by result, cancel or answer deadline, or worker death
            if MonotonicClock.now - lastTick >= Self.tickSeconds {
                lastTick = MonotonicClock.now
                sink(.tick)
            }
            run.startJobs()
            if run.isDone { break }
            let readable = waitForInput(run, signals: signals)
            if let signals, readable.contains(signals.readDescriptor) { run.takeSignals() }
            if let source = run.inputToPoll, readable.contains(source) { run.readInput() }
            for (slot, worker) in slots.enumerated() where worker.map({ readable.contains($0.readDescriptor) }) ?? false {
                run.service(slot: slot)
            }
            run.enforceCancelDeadline()
            run.enforceAnswerDeadline()
        }
        run.inputOver()
        return (run.results, run.terminatedBy)
    }

    /// How often `.tick` is sent, and the longest a wait for input lasts.
    static let tickSeconds = 0.25

    /// Polls the workers holding jobs (and the signal pipe) for up to a tick.
    private func waitForInput(_ run: Broadcast, signals: SignalPipe?) -> Set<Int32> {
        let busy = Set(run.inFlight.values.map(\.slot))
        var entries = busy.compactMap { slots[$0] }.map { pollfd(fd: $0.readDescriptor, events: Int16(POLLIN), revents: 0) }
        if let signals { entries.append(pollfd(fd: signals.readDescriptor, events: Int16(POLLIN), revents: 0)) }
        if let source = run.inputToPoll { entries.append(pollfd(fd: source, events: Int16(POLLIN), revents: 0)) }
        guard poll(&entries, nfds_t(entries.count), Int32(Self.tickSeconds * 1000)) > 0 else { return [] }
        return Set(entries.filter { $0.revents != 0 }.map(\.fd))
    }
}
