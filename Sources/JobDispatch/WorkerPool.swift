#if canImport(Glibc)
import Glibc
#endif
import Posix
import WorkerProtocol

/// The pool of worker processes and which host lives on which worker. A host stays
/// with one worker (its SSH session is kept there between commands) until that worker
/// dies; workers start on first use and are replaced when they die.
public final class WorkerPool {
    let command: [String]
    /// One per worker; grows only through `lend(software:minimumSize:timeout:)`.
    var slots: [WorkerProcess?]
    var hostIDs: [String: UInt32] = [:]
    /// Host name → worker slot.
    var affinity: [String: Int] = [:]
    /// Hosts whose last job ran, so their session is open: they don't count for fanout.
    var connected: Set<String> = []
    var lastJobID: UInt64 = 0
    var lastStreamID: UInt32 = 0
    /// Gateway name → its slot, and each gateway slot's route; every other slot holds a
    /// local worker (see `slot(for:)`).
    var gatewaySlots: [String: Int] = [:]
    var gatewayRoutes: [Int: GatewayRoute] = [:]

    /// - Parameter workerCommand: argv of a worker, e.g. `["/usr/bin/chorus", "__worker"]`.
    public init(size: Int, workerCommand: [String]) {
        self.command = workerCommand
        self.slots = Array(repeating: nil, count: max(1, size))
    }

    deinit { shutdown() }

    var size: Int { slots.count }

    /// PIDs of the live workers (for measurements and supervision).
    public var workerPIDs: [Int32] { slots.compactMap { $0 }.filter(\.isAlive).map(\.pid) }

    func nextJobID() -> UInt64 {
        lastJobID += 1
        return lastJobID
    }

    func nextStreamID() -> UInt32 {
        lastStreamID = lastStreamID == .max ? 1 : lastStreamID + 1
        return lastStreamID
    }

    func hostID(for name: String) -> UInt32 {
        if let id = hostIDs[name] { return id }
        let id = UInt32(hostIDs.count + 1)
        hostIDs[name] = id
        return id
    }

    /// The live worker in `slot`, started (and greeted) if needed.
    func worker(at slot: Int, software: String) throws -> WorkerProcess {
        if let worker = slots[slot], worker.isAlive { return worker }
        let worker = try gatewayRoutes[slot].map(startGatewayWorker)
            ?? WorkerProcess(command: command, outputPipeBytes: WorkerProcess.outputPipeBytes(workers: slots.count))
        slots[slot] = worker
        try worker.send(.hello(Hello(version: ProtocolVersion.current, role: .shell, software: software)))
        return worker
    }

    /// Closes the hosts' kept sessions (their workers drop them and forget the settings);
    /// the next command on them logs in again.
    public func disconnect(_ names: [String]) {
        for name in names {
            connected.remove(name)
            guard let slot = affinity[name], let worker = slots[slot], worker.isAlive else { continue }
            let id = hostID(for: name)
            worker.knownHosts[id] = nil
            do { try worker.send(.closeHost(hostID: id)) } catch { bury(slot: slot) }
        }
    }

    /// Forgets a dead worker: its hosts lose their sessions and get a new worker next time.
    /// A lent worker (see `init(borrowing:workerCommand:)`) is not this process's child: it
    /// is let go, and its lender buries it.
    func bury(slot: Int) {
        guard let worker = slots[slot] else { return }
        if !worker.isLent, worker.reapIfExited() == nil {
            kill(worker.pid, SIGKILL)
            _ = worker.reapIfExited(block: true)
        }
        slots[slot] = nil
        for (host, hostSlot) in affinity where hostSlot == slot {
            affinity[host] = nil
            connected.remove(host)
        }
    }

    /// Says bye to every worker (they stop their remote commands and disconnect),
    /// waits up to `grace` seconds for them to exit, then kills what is left.
    public func shutdown(grace: Double = 5) {
        let live = slots.compactMap { $0 }.filter(\.isAlive)
        for worker in live { try? worker.send(.bye) }
        let deadline = MonotonicClock.now + grace
        for worker in live { drainUntilExit(worker, deadline: deadline) }
        for index in slots.indices { bury(slot: index) }
    }

    /// Reads and drops frames until the worker closes its output or time runs out.
    private func drainUntilExit(_ worker: WorkerProcess, deadline: Double) {
        while MonotonicClock.now < deadline {  // bounded by the grace period
            var entry = pollfd(fd: worker.readDescriptor, events: Int16(POLLIN), revents: 0)
            let wait = Int32(max(1, (deadline - MonotonicClock.now) * 1000))
            guard poll(&entry, 1, wait) > 0 else { continue }
            do { _ = try worker.reader.readFrames() } catch {
                worker.markDead("closed its stream at shutdown")
                return
            }
        }
    }
}
