import JobDispatch
import WorkerProtocol

extension PoolLoan {
    /// Slots as present + pid (the descriptors travel beside the message), then each
    /// host once: name, id, slot (-1: none), whether its session is open.
    func encode(into writer: inout ByteWriter) {
        writer.u32(UInt32(slots.count))
        for slot in slots {
            writer.bool(slot != nil)
            writer.i32(slot?.pid ?? 0)
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
            guard present else { slots.append(nil); continue }
            if descriptors == nil { slots.append(Slot(pid: pid, toWorker: -1, fromWorker: -1)); continue }
            guard fds.count >= 2 else { throw reader.malformed("fewer descriptors than workers") }
            slots.append(Slot(pid: pid, toWorker: fds.removeFirst(), fromWorker: fds.removeFirst()))
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
        return loan
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
        return MuxStatus(pid: pid, build: build, upSeconds: up, idleSeconds: idle, persistSeconds: persist, lent: lent,
                         workerPIDs: workers, hosts: hosts)
    }
}
