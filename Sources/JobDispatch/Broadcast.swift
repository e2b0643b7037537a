#if canImport(Glibc)
import Glibc
#endif
import Posix
import WorkerProtocol

/// One command (or transfer) on many hosts: the producer. Jobs wait in a FIFO queue and go to the
/// hosts' workers as the fanout allows; events come back through `sink` as they arrive.
final class Broadcast {
    struct InFlight {
        let host: String
        let slot: Int
        let connecting: Bool
        /// When the job went to its worker (monotonic seconds).
        let sent: Double
        var credit = CreditAccumulator()
    }

    let pool: WorkerPool
    let work: BroadcastWork
    let options: BroadcastOptions
    let software: String
    let sink: (BroadcastEvent) -> Void
    var pending: [DispatchHost]
    var inFlight: [UInt64: InFlight] = [:]
    var results: [String: JobOutcome] = [:]
    var cancelled = false
    var cancelDeadline: Double?
    /// Standard input for every host's command, if it is forwarded.
    let input: BroadcastInput?
    /// ^C and the terminating signals; see `takeSignals`.
    let signals: SignalPipe?
    /// The terminating signal (TERM, HUP, or PIPE for a broken standard output) that
    /// arrived, so the caller can exit after.
    var terminatedBy: Int32?

    init(pool: WorkerPool, work: BroadcastWork, hosts: [DispatchHost], options: BroadcastOptions,
         software: String, input: BroadcastInput? = nil, signals: SignalPipe? = nil,
         sink: @escaping (BroadcastEvent) -> Void) {
        self.pool = pool
        self.input = input
        self.signals = signals
        self.work = work
        self.options = options
        self.software = software
        self.sink = sink
        self.pending = hosts
    }

    var isDone: Bool { pending.isEmpty && inFlight.isEmpty }

    /// Acts on the signals that arrived: any of them cancels the broadcast, and a
    /// terminating one is remembered. Called between output frames too, so a ^C is
    /// never stuck behind output waiting to be written to a slow terminal.
    func takeSignals() {
        guard let signals else { return }
        let received = signals.drain()
        terminatedBy = terminatedBy ?? received.first { [SIGTERM, SIGHUP, SIGPIPE].contains($0) }
        if !received.isEmpty { cancel() }
    }

    /// Starts queued jobs while the fanout allows: hosts with an open session always
    /// start; the others only while fewer than `fanout` are connecting.
    func startJobs() {
        var connecting = inFlight.values.filter(\.connecting).count
        var waiting: [DispatchHost] = []
        for host in pending {
            let isConnected = pool.connected.contains(host.name)
            if !isConnected && connecting >= options.fanout {
                waiting.append(host)
                continue
            }
            if start(host, connecting: !isConnected) && !isConnected { connecting += 1 }
        }
        pending = waiting
    }

    /// Sends the host's settings (if its worker lacks them) and the job. A worker that
    /// cannot be started or written to is a result for the host, not an error.
    private func start(_ host: DispatchHost, connecting: Bool) -> Bool {
        let slot = liveSlot(for: host)
        let jobID = pool.nextJobID()
        // A gateway's relay reads the spool here and sends its bytes on in frames.
        let input = self.input
        do {
            let worker = try pool.worker(at: slot, software: software)
            var spec = host.spec
            spec.hostID = pool.hostID(for: host.name)
            if worker.knownHosts[spec.hostID] != spec {
                try worker.send(.openHost(spec))
                worker.knownHosts[spec.hostID] = spec
            }
            try worker.send(work.frame(jobID: jobID, hostID: spec.hostID, host: host.name, options: options,
                                       input: input?.reference))
            inFlight[jobID] = InFlight(host: host.name, slot: slot, connecting: connecting, sent: MonotonicClock.now)
            if case .command = work, input != nil { inputJobSent(toSlot: slot) }
            return true
        } catch {
            finish(host.name, .failed(kind: "worker-died", message: "could not hand the job to a worker: \(error)"), 0)
            pool.slots[slot]?.markDead("could not be written to")
            workerDied(slot: slot, detail: "could not be handed a job: \(error)")
            return false
        }
    }

    /// The host's slot. A worker found dead there (it exited since its last frame,
    /// between broadcasts or while this one handed out jobs) takes the jobs it held
    /// with it before a new worker is started for the host.
    private func liveSlot(for host: DispatchHost) -> Int {
        let slot = pool.slot(for: host)
        guard let worker = pool.slots[slot], !worker.isAlive else { return slot }
        workerDied(slot: slot, detail: worker.exitDescription ?? worker.deathReason ?? "died")
        return pool.slot(for: host)
    }

    func finish(_ host: String, _ outcome: JobOutcome, _ millis: UInt32) {
        results[host] = outcome
        if case .failed = outcome { pool.connected.remove(host) } else { pool.connected.insert(host) }
        sink(.finished(host: host, outcome: outcome, durationMillis: millis))
    }
}

extension BroadcastOptions {
    var timeoutMillis: UInt32 {
        guard let commandTimeout else { return 0 }
        return UInt32(clamping: Int((commandTimeout * 1000).rounded(.up)))
    }
}
