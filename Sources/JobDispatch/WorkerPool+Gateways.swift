import WorkerProtocol

/// Gateway slots: one worker per gateway, beside the local slots, started through the
/// relay (`chorus __gateway`) and told first which gateway to log in to. A host behind
/// gateways lives on one of theirs, as a direct host lives on a local one.
extension WorkerPool {
    /// The gateways whose relay is running, with its pid (for `chorus mux status`).
    public var liveGatewayRelays: [String: Int32] {
        gatewaySlots.compactMapValues { slot in slots[slot].flatMap { $0.isAlive ? $0.pid : nil } }
    }

    /// The slots of local workers: every slot that is not a gateway's.
    var localSlots: [Int] { slots.indices.filter { gatewayRoutes[$0] == nil } }

    /// The worker slot of a host: kept while it still suits the host's route (a host
    /// whose gateways changed moves, and logs in again), else the least loaded of the
    /// local slots, or of its gateways' slots.
    func slot(for host: DispatchHost) -> Int {
        let candidates = host.gateways.isEmpty ? localSlots : host.gateways.map(gatewaySlot)
        if let slot = affinity[host.name] {
            if candidates.contains(slot) { return slot }
            affinity[host.name] = nil
            connected.remove(host.name)
        }
        var load: [Int: Int] = [:]
        for slot in affinity.values { load[slot, default: 0] += 1 }
        let chosen = candidates.min { load[$0, default: 0] < load[$1, default: 0] } ?? 0
        affinity[host.name] = chosen
        return chosen
    }

    /// The gateway's slot, made on first use. Changed settings for the gateway retire
    /// the relay that logged in with the old ones.
    func gatewaySlot(_ route: GatewayRoute) -> Int {
        guard let slot = gatewaySlots[route.name] else {
            slots.append(nil)
            gatewaySlots[route.name] = slots.count - 1
            gatewayRoutes[slots.count - 1] = route
            return slots.count - 1
        }
        if gatewayRoutes[slot] != route {
            bury(slot: slot)
            gatewayRoutes[slot] = route
        }
        return slot
    }

    /// Starts the relay for a gateway slot: its first frame names the gateway.
    func startGatewayWorker(_ route: GatewayRoute) throws -> WorkerProcess {
        let worker = try WorkerProcess(command: [command[0], Self.gatewayModeArgument],
                                       outputPipeBytes: WorkerProcess.outputPipeBytes(workers: slots.count))
        worker.gateway = route.name
        try worker.send(.openHost(route.spec))
        return worker
    }

    static let gatewayModeArgument = "__gateway"
}
