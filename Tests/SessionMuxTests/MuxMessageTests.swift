import Glibc
import JobDispatch
@testable import SessionMux
import Secrets
import Testing
import WorkerProtocol

/// The session mux's messages survive the trip, descriptors included, and a bad message
/// is an error rather than a trap or a wrong loan.
@Suite struct MuxMessageTests {
    static let gateway = GatewayRoute(name: "gw1", spec: HostSpec(
        hostID: 0, name: "gw1", hostname: "10.1.0.1", port: 2222, username: "ops",
        auth: [.password(Secret("s3cret"))], knownHostsPath: "/home/ops/.ssh/known_hosts",
        hostKeyPolicy: .strict, connectTimeoutMillis: 10_000, keepaliveSeconds: 30))

    /// Slot 2 is a gateway's relay lent before its hello came back.
    static let loan = PoolLoan(
        slots: [PoolLoan.Slot(pid: 41, toWorker: 7, fromWorker: 8), nil,
                PoolLoan.Slot(pid: 43, toWorker: 9, fromWorker: 10, greeted: false)],
        hostIDs: ["web01": 1, "web02": 2, "db1": 3], affinity: ["web01": 0, "web02": 2, "db1": 0],
        connected: ["web01", "db1"], lastJobID: 77, lastStreamID: 5, gateways: [2: gateway])

    @Test func aLendCarriesTheDescriptorsSlotBySlot() throws {
        let bytes = MuxReply.lend(Self.loan).encoded()
        let decoded = try MuxReply.decode(bytes, descriptors: [17, 18, 19, 20])
        var expected = Self.loan
        expected.slots = [PoolLoan.Slot(pid: 41, toWorker: 17, fromWorker: 18), nil,
                          PoolLoan.Slot(pid: 43, toWorker: 19, fromWorker: 20, greeted: false)]
        #expect(decoded == .lend(expected))
        guard case .lend(let lent) = decoded else { return }
        #expect(lent.gateways[2]?.spec.hostKeyPolicy == .strict && lent.gateways[2]?.spec.port == 2222)
    }

    @Test func aLendWithTheWrongNumberOfDescriptorsIsRefused() {
        let bytes = MuxReply.lend(Self.loan).encoded()
        #expect(throws: (any Error).self) { try MuxReply.decode(bytes, descriptors: [17, 18]) }
        #expect(throws: (any Error).self) { try MuxReply.decode(bytes, descriptors: [17, 18, 19, 20, 21]) }
    }

    @Test func aGiveBackNamesThePidsItVouchesFor() throws {
        var back = Self.loan
        back.slots = [PoolLoan.Slot(pid: 41, toWorker: -1, fromWorker: -1), nil,
                      PoolLoan.Slot(pid: 43, toWorker: -1, fromWorker: -1, greeted: false)]
        #expect(try MuxRequest.decode(MuxRequest.giveBack(back).encoded()) == .giveBack(back))
    }

    @Test func requestsAndRepliesRoundTrip() throws {
        let borrows: [MuxRequest] = [.borrow(build: "chorus 0.1.0 /bin/chorus 1 2", workers: 4, persistSeconds: 600, gateways: []),
                       .borrow(build: "b", workers: 2, persistSeconds: 0, gateways: [Self.gateway])]
        for request in borrows + [.status(build: "b"), .stop] {
            #expect(try MuxRequest.decode(request.encoded()) == request)
        }
        let status = MuxStatus(pid: 9, build: "b", upSeconds: 12.5, idleSeconds: 3, persistSeconds: 600, lent: false,
                               workerPIDs: [10, 11], hosts: ["web01", "web02"], gateways: ["gw1": 11])
        for reply in [MuxReply.status(status), .refused("busy"), .otherBuild("chorus 0.1.0 /old 1 2"), .done] {
            #expect(try MuxReply.decode(reply.encoded(), descriptors: []) == reply)
        }
    }

    @Test func truncatedOrUnknownMessagesAreErrors() {
        let bytes = MuxRequest.giveBack(Self.loan).encoded()
        for cut in [1, 5, bytes.count / 2, bytes.count - 1] {
            #expect(throws: (any Error).self) { try MuxRequest.decode(Array(bytes.prefix(cut))) }
        }
        #expect(throws: (any Error).self) { try MuxRequest.decode([99]) }
        let noSlots = PoolLoan(slots: [], hostIDs: [:], affinity: [:], connected: [], lastJobID: 0, lastStreamID: 0)
        #expect(throws: (any Error).self, "a pool of no workers") { try MuxReply.decode(MuxReply.lend(noSlots).encoded(), descriptors: []) }
        #expect(throws: (any Error).self) { try MuxRequest.decode([]) }
        var twoFrames = ByteWriter()  // a borrow whose gateway's settings hold a second frame
        twoFrames.u8(1)
        twoFrames.string("b")
        twoFrames.u32(1)
        twoFrames.u64(0)
        twoFrames.u32(1)
        twoFrames.string("gw1")
        twoFrames.blob(FrameEncoder.encode(.openHost(Self.gateway.spec)) + FrameEncoder.encode(.bye))
        #expect(throws: (any Error).self, "gateway settings are one openHost") { try MuxRequest.decode(twoFrames.bytes) }
        var farGateway = Self.loan
        farGateway.gateways = [7: Self.gateway]
        #expect(throws: (any Error).self, "a gateway on a slot the pool lacks") {
            try MuxRequest.decode(MuxRequest.giveBack(farGateway).encoded())
        }
    }

    @Test func persistDurations() {
        #expect(PersistDuration.parse("600") == 600)
        #expect(PersistDuration.parse("30s") == 30)
        #expect(PersistDuration.parse("10m") == 600)
        #expect(PersistDuration.parse("2H") == 7200)
        #expect(PersistDuration.parse("1d") == 86400)
        #expect(PersistDuration.parse("0.5m") == 30)
        for off in ["no", "off", "0", "NO"] { #expect(PersistDuration.parse(off) == 0) }
        for bad in ["", "m", "-5", "10x", "yes", "inf", "nan", "8d", "1e300"] { #expect(PersistDuration.parse(bad) == nil, "\(bad)") }
    }
}
