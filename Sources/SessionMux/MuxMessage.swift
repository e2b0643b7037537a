import JobDispatch
import WorkerProtocol

/// What a run asks of the session mux. Every request names the build it comes from: a
/// mux of another build (the binary was upgraded under it) is stale and is not used.
public enum MuxRequest: Equatable {
    /// Lend the pool (grown to `workers` local slots, with a relay for each of
    /// `gateways`) and from now on exit after `persistSeconds` idle.
    case borrow(build: String, workers: Int, persistSeconds: Double, gateways: [GatewayRoute])
    /// The pool given back, with the slots still fit to lend.
    case giveBack(PoolLoan)
    case status(build: String)
    case stop

    var kind: UInt8 {
        switch self {
        case .borrow: 1
        case .giveBack: 2
        case .status: 3
        case .stop: 4
        }
    }
}

/// What the session mux answers.
public enum MuxReply: Equatable {
    /// The pool, with its workers' pipe ends passed alongside (two per present slot).
    case lend(PoolLoan)
    /// The mux cannot lend now (another run holds the pool, or it is stopping).
    case refused(String)
    /// The mux is of another build than the borrower's: stale for it.
    case otherBuild(String)
    case status(MuxStatus)
    case done

    var kind: UInt8 {
        switch self {
        case .lend: 1
        case .refused: 2
        case .status: 3
        case .done: 4
        case .otherBuild: 5
        }
    }
}

/// What `chorus mux status` shows.
public struct MuxStatus: Equatable, Sendable {
    public var pid: Int32
    public var build: String
    public var upSeconds: Double
    /// Seconds since the pool was last given back (0 while it is lent).
    public var idleSeconds: Double
    /// The idle time after which the mux exits.
    public var persistSeconds: Double
    public var lent: Bool
    public var workerPIDs: [Int32]
    /// Hosts whose session was open when the pool was last given back.
    public var hosts: [String]
    /// Gateways whose relay is running, with its pid.
    public var gateways: [String: Int32] = [:]
}

extension MuxRequest {
    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(kind)
        switch self {
        case .borrow(let build, let workers, let persist, let gateways):
            writer.string(build)
            writer.u32(UInt32(clamping: workers))
            writer.u64(UInt64(persist * 1000))
            writer.u32(UInt32(gateways.count))
            for route in gateways { route.encode(into: &writer) }
        case .giveBack(let loan): loan.encode(into: &writer)
        case .status(let build): writer.string(build)
        case .stop: break
        }
        return writer.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(FrameError) -> MuxRequest {
        var reader = ByteReader(bytes[...], context: "mux request")
        let request: MuxRequest
        switch try reader.u8("kind") {
        case 1:
            let build = try reader.string("build"), workers = Int(try reader.u32("workers"))
            let persist = Double(try reader.u64("persist")) / 1000
            var gateways: [GatewayRoute] = []
            for _ in 0..<Int(try reader.u32("gateways")) { gateways.append(try GatewayRoute.decode(&reader)) }  // ends with the bytes
            request = .borrow(build: build, workers: workers, persistSeconds: persist, gateways: gateways)
        case 2: request = .giveBack(try PoolLoan.decode(&reader, descriptors: nil))
        case 3: request = .status(build: try reader.string("build"))
        case 4: request = .stop
        case let other: throw reader.malformed("unknown request \(other)")
        }
        try reader.expectEnd()
        return request
    }
}

extension MuxReply {
    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        writer.u8(kind)
        switch self {
        case .lend(let loan): loan.encode(into: &writer)
        case .refused(let reason), .otherBuild(let reason): writer.string(reason)
        case .status(let status): status.encode(into: &writer)
        case .done: break
        }
        return writer.bytes
    }

    /// `descriptors`: what came with the message, which a `lend` takes slot by slot.
    static func decode(_ bytes: [UInt8], descriptors: [Int32]) throws(FrameError) -> MuxReply {
        var reader = ByteReader(bytes[...], context: "mux reply")
        let reply: MuxReply
        switch try reader.u8("kind") {
        case 1: reply = .lend(try PoolLoan.decode(&reader, descriptors: descriptors))
        case 2: reply = .refused(try reader.string("reason"))
        case 3: reply = .status(try MuxStatus.decode(&reader))
        case 4: reply = .done
        case 5: reply = .otherBuild(try reader.string("build"))
        case let other: throw reader.malformed("unknown reply \(other)")
        }
        try reader.expectEnd()
        return reply
    }
}
