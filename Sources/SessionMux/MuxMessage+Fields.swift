import JobDispatch
import WorkerProtocol

extension PoolLoan {
    /// Slots as present + pid + greeted (the descriptors travel beside the message),
    /// then each host once: name, id, slot (-1: none), whether its session is open; then
    /// the gateway slots.
    func encode(into writer: inout ByteWriter) {
        writer.u32(UInt32(slots.count))
        for slot in slots {
            writer.bool(slot != nil)
            writer.i32(slot?.pid ?? 0)
            writer.bool(slot?.greeted ?? true)
        }
        let names = Set(hostIDs.keys).union(affinity.keys).sorted()
        writer.u32(UInt32(names.count))
        for name in names {
            writer.string(name)
            writer.u32(hostIDs[name] ?? 0)
            writer.i32(Int32(affinity[name] ?? -1))
            writer.bool(connected.contains(name))
        }
        writer.u64(lastJobID)
        writer.u32(lastStreamID)
        writer.u32(UInt32(gateways.count))
        for (slot, route) in gateways.sorted(by: { $0.key < $1.key }) {
            writer.u32(UInt32(slot))
            route.encode(into: &writer)
        }
    }

    /// `descriptors` nil: a loan coming back (no descriptors, -1 in each slot); otherwise
    /// exactly two per present slot, in order.
    static func decode(_ reader: inout ByteReader, descriptors: [Int32]?) throws(FrameError) -> PoolLoan {
        let slotCount = Int(try reader.u32("slots"))
        guard (1...1024).contains(slotCount) else { throw reader.malformed("\(slotCount) slots") }
        var slots: [Slot?] = []
        var fds = descriptors ?? []
        for _ in 0..<slotCount {
            let present = try reader.bool("present")
            let pid = try reader.i32("pid")
            let greeted = try reader.bool("greeted")
            guard present else { slots.append(nil); continue }
            if descriptors == nil { slots.append(Slot(pid: pid, toWorker: -1, fromWorker: -1, greeted: greeted)); continue }
            guard fds.count >= 2 else { throw reader.malformed("fewer descriptors than workers") }
            slots.append(Slot(pid: pid, toWorker: fds.removeFirst(), fromWorker: fds.removeFirst(), greeted: greeted))
        }
        guard fds.isEmpty else { throw reader.malformed("more descriptors than workers") }
        var loan = PoolLoan(slots: slots, hostIDs: [:], affinity: [:], connected: [], lastJobID: 0, lastStreamID: 0)
        for _ in 0..<Int(try reader.u32("hosts")) {  // each turn reads fields or throws at the end of the bytes
            let name = try reader.string("host")
            let id = try reader.u32("host id")
            let slot = Int(try reader.i32("slot"))
            if id != 0 { loan.hostIDs[name] = id }
            if slot >= 0 {
                guard slot < slotCount else { throw reader.malformed("host \(name) on slot \(slot) of \(slotCount)") }
                loan.affinity[name] = slot
            }
            if try reader.bool("connected") { loan.connected.insert(name) }
        }
        loan.lastJobID = try reader.u64("last job")
        loan.lastStreamID = try reader.u32("last stream")
        for _ in 0..<Int(try reader.u32("gateways")) {  // each turn reads fields or throws at the end of the bytes
            let slot = Int(try reader.u32("gateway slot"))
            guard slot < slotCount else { throw reader.malformed("gateway on slot \(slot) of \(slotCount)") }
            loan.gateways[slot] = try GatewayRoute.decode(&reader)
        }
        return loan
    }
}

extension GatewayRoute {
    /// The gateway's name, then its settings as the `openHost` frame its relay is sent
    /// (the same encoding, so every field and limit is the protocol's).
    func encode(into writer: inout ByteWriter) {
        writer.string(name)
        writer.blob(FrameEncoder.encode(.openHost(spec)))
    }

    static func decode(_ reader: inout ByteReader) throws(FrameError) -> GatewayRoute {
        let name = try reader.string("gateway")
        let frames = try FrameDecoder.decodeAll(try reader.blob("gateway settings"))
        guard frames.count == 1, case .openHost(let spec) = frames[0] else {
            throw reader.malformed("gateway \(name) without its settings as one openHost")
        }
        return GatewayRoute(name: name, spec: spec)
    }
}

extension MuxStatus {
    func encode(into writer: inout ByteWriter) {
        writer.i32(pid)
        writer.string(build)
        for seconds in [upSeconds, idleSeconds, persistSeconds] { writer.u64(UInt64(max(0, seconds) * 1000)) }
        writer.bool(lent)
        writer.u32(UInt32(workerPIDs.count))
        for pid in workerPIDs { writer.i32(pid) }
        writer.u32(UInt32(hosts.count))
        for host in hosts { writer.string(host) }
        writer.u32(UInt32(gateways.count))
        for (name, pid) in gateways.sorted(by: { $0.key < $1.key }) {
            writer.string(name)
            writer.i32(pid)
        }
    }

    static func decode(_ reader: inout ByteReader) throws(FrameError) -> MuxStatus {
        let pid = try reader.i32("pid")
        let build = try reader.string("build")
        let up = Double(try reader.u64("up")) / 1000
        let idle = Double(try reader.u64("idle")) / 1000
        let persist = Double(try reader.u64("persist")) / 1000
        let lent = try reader.bool("lent")
        var workers: [Int32] = []
        for _ in 0..<Int(try reader.u32("workers")) { workers.append(try reader.i32("worker")) }  // ends with the bytes
        var hosts: [String] = []
        for _ in 0..<Int(try reader.u32("hosts")) { hosts.append(try reader.string("host")) }  // ends with the bytes
        var gateways: [String: Int32] = [:]
        for _ in 0..<Int(try reader.u32("gateways")) { gateways[try reader.string("gateway")] = try reader.i32("relay") }  // ends with the bytes
        return MuxStatus(pid: pid, build: build, upSeconds: up, idleSeconds: idle, persistSeconds: persist, lent: lent,
                         workerPIDs: workers, hosts: hosts, gateways: gateways)
    }
}
