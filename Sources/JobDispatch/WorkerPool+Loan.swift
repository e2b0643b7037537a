#if canImport(Glibc)
import Glibc
#endif
import Posix
import WorkerProtocol

/// The session mux lends its pool to one run at a time (`PoolLoan`). The lender keeps its
/// copies of the pipe ends and touches no worker while the loan lasts; the borrower
/// talks to the workers directly, so a warm run costs what a command on kept sessions
/// costs in the shell, with nothing relayed.
extension WorkerPool {
    /// Hosts whose session was open after their last job (for `chorus mux status`).
    public var connectedHosts: Set<String> { connected }

    /// Lender: starts and greets every local worker the pool lacks (growing it to
    /// `minimumSize` local workers) and a relay for each of `gateways` the pool lacks,
    /// then describes the pool. A local worker that does not answer its hello within
    /// `timeout` seconds is buried and lent as an empty slot (the borrower starts its own
    /// there). A relay is lent as soon as it is started: its hello comes when it is
    /// logged in to the gateway, and the borrower reads it.
    public func lend(software: String, minimumSize: Int, gateways: [GatewayRoute] = [], timeout: Double) -> PoolLoan {
        let local = localSlots.count
        if minimumSize > local { slots += Array(repeating: nil, count: minimumSize - local) }
        for route in gateways { _ = gatewaySlot(route) }
        let wanted = Set(gateways.map(\.name))
        for index in slots.indices where !(slots[index]?.isAlive ?? false) {
            bury(slot: index)
            if let route = gatewayRoutes[index] {
                if wanted.contains(route.name) { _ = try? worker(at: index, software: software) }
            } else {
                startGreeted(slot: index, software: software, timeout: timeout)
            }
        }
        for worker in slots.compactMap({ $0 }) { worker.knownHosts = [:] }  // the borrower's frames change them
        let lent = slots.map { worker in
            worker.map { PoolLoan.Slot(pid: $0.pid, toWorker: $0.writer.descriptor, fromWorker: $0.readDescriptor,
                                       greeted: $0.greeted) }
        }
        return PoolLoan(slots: lent, hostIDs: hostIDs, affinity: affinity, connected: connected,
                        lastJobID: lastJobID, lastStreamID: lastStreamID, gateways: gatewayRoutes)
    }

    /// Starts a local worker in `slot` and reads its hello; one that does not answer in
    /// time is buried.
    private func startGreeted(slot index: Int, software: String, timeout: Double) {
        do {
            let worker = try worker(at: index, software: software)
            if !awaitHello(worker, timeout: timeout) { bury(slot: index) }
        } catch {
            bury(slot: index)
        }
    }

    /// Lender: the borrower's account of the loan. Workers it no longer vouches for (or
    /// whose pid does not match) are buried, with their hosts.
    public func takeBack(_ loan: PoolLoan) {
        (hostIDs, affinity, connected) = (loan.hostIDs, loan.affinity, loan.connected)
        (lastJobID, lastStreamID) = (max(lastJobID, loan.lastJobID), max(lastStreamID, loan.lastStreamID))
        for index in slots.indices {
            let returned = index < loan.slots.count ? loan.slots[index] : nil
            if returned == nil || returned?.pid != slots[index]?.pid || !(slots[index]?.isAlive ?? false) { bury(slot: index) }
            if let returned { slots[index]?.recordGreeting(returned.greeted) }  // a relay's hello may have been read
        }
        affinity = affinity.filter { $0.value < size && slots[$0.value] != nil }
        connected = connected.filter { affinity[$0] != nil }
    }

    /// Lender: the borrower went away without giving the pool back, so any stream may
    /// have stopped in the middle of a frame: every worker is buried.
    public func forfeitLoan() {
        for index in slots.indices { bury(slot: index) }
        (hostIDs, affinity, connected) = ([:], [:], [])
    }

    /// Borrower: a pool over the workers of `loan`; a slot that comes empty, or whose
    /// worker dies, gets a worker of this process's own for the rest of the run.
    public convenience init(borrowing loan: PoolLoan, workerCommand: [String]) {
        self.init(size: loan.slots.count, workerCommand: workerCommand)
        slots = loan.slots.enumerated().map { index, slot in
            slot.map { WorkerProcess(lent: $0, gateway: loan.gateways[index]?.name) }
        }
        (gatewayRoutes, gatewaySlots) = (loan.gateways, Dictionary(loan.gateways.map { ($1.name, $0) }) { first, _ in first })
        (hostIDs, affinity, connected) = (loan.hostIDs, loan.affinity, loan.connected)
        (lastJobID, lastStreamID) = (loan.lastJobID, loan.lastStreamID)
    }

    /// Borrower: ends the loan. Lent workers still alive and read to a frame boundary are
    /// vouched for and let go without a bye; the pool's own workers are shut down. The
    /// pool is empty afterwards.
    public func giveBack() -> PoolLoan {
        let fit = slots.map { worker -> PoolLoan.Slot? in
            guard let worker, worker.isLent, worker.isAlive, worker.reader.isAtFrameBoundary else { return nil }
            return PoolLoan.Slot(pid: worker.pid, toWorker: -1, fromWorker: -1, greeted: worker.greeted)
        }
        let loan = PoolLoan(slots: fit, hostIDs: hostIDs, affinity: affinity, connected: connected,
                            lastJobID: lastJobID, lastStreamID: lastStreamID, gateways: gatewayRoutes)
        for index in slots.indices where fit[index] != nil { slots[index] = nil }  // closes our copies only
        shutdown()
        return loan
    }

    /// Reads the worker's first frame, its hello, waiting up to `timeout` seconds.
    private func awaitHello(_ worker: WorkerProcess, timeout: Double) -> Bool {
        let deadline = MonotonicClock.now + timeout
        while MonotonicClock.now < deadline {  // bounded by the timeout
            var entry = pollfd(fd: worker.readDescriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, Int32(max(1, (deadline - MonotonicClock.now) * 1000))) > 0 else { continue }
            guard let frames = try? worker.reader.readFrames() else { return false }
            guard let first = frames.first else { continue }
            return frames.count == 1 && (try? worker.acceptHello(first)) != nil
        }
        return false
    }
}
