#if canImport(Glibc)
import Glibc
#endif
import LabSupport
import Secrets
@testable import SSHClient
import Testing

/// What a cold login asks of the server: the key exchange it is made to compute, and
/// the `none` request (one round trip) that key-only logins go without.
@Suite struct LoginCostTests {
    @Test func onlyKeyFilesAreTriedBeforeTheServerSaysWhatItOffers() {
        let key = SSHTarget.AuthMethod.keyFile(path: "/k1", passphrase: nil)
        let other = SSHTarget.AuthMethod.keyFile(path: "/k2", passphrase: nil)
        #expect(AuthProgress(methods: [key, other]).triesBeforeListing())
        #expect(!AuthProgress(methods: [key, .password(Secret("x"))]).triesBeforeListing(), "a password needs the list")
        #expect(!AuthProgress(methods: [key, .agent(socket: nil)]).triesBeforeListing(), "so does an agent's several keys")
        var listed = AuthProgress(methods: [key])
        listed.allowed = ["publickey"]
        #expect(!listed.triesBeforeListing(), "once listed, the list decides")
    }

    @Test func keysTriedUnlistedOnAServerWithoutPublickeyAreSaidNotOffered() {
        var progress = AuthProgress(methods: [])
        progress.triedUnlisted = ["key /k1", "key /k2"]
        progress.failures = ["key /k1: not accepted", "cannot read key /k2: No such file or directory"]
        progress.allowed = ["password", "keyboard-interactive"]
        progress.noteListAfterUnlistedTries()
        #expect(progress.failures == ["key /k1: not offered by the server", "key /k2: not offered by the server"])
        var offered = AuthProgress(methods: [])
        offered.triedUnlisted = ["key /k1"]
        offered.failures = ["key /k1: not accepted"]
        offered.allowed = ["publickey", "password"]
        offered.noteListAfterUnlistedTries()
        #expect(offered.failures == ["key /k1: not accepted"], "a refusal stays a refusal")
    }

    @Test func nistP256IsMovedFirstAndNothingIsAddedOrDropped() {
        let libssh2 = ["curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256",
                       "ecdh-sha2-nistp384", "diffie-hellman-group14-sha256", "diffie-hellman-group14-sha1"]
        let order = KeyExchangeOrder.reordered(libssh2)
        #expect(order.first == "ecdh-sha2-nistp256")
        #expect(order.sorted() == libssh2.sorted(), "the same methods, only reordered")
        #expect(Array(order.dropFirst()) == libssh2.filter { $0 != "ecdh-sha2-nistp256" }, "the rest keep libssh2's order")
    }

    @Test func aLibraryWithoutNistP256KeepsItsOwnOrder() {
        let libssh2 = ["curve25519-sha256", "diffie-hellman-group14-sha256"]
        #expect(KeyExchangeOrder.reordered(libssh2) == libssh2)
    }

    @Test func labLoginNegotiatesNistP256AndTheKnownEd25519HostKey() async throws {
        let lab = try Lab.shared().manifest
        let host = try #require(lab.hosts.first { $0.auth == "key" })
        let target = lab.target(host)
        let (phase, kex, hostKeyType) = try await onOwnThread {
            let loop = try SSHEventLoop()
            let session = loop.connect(target)
            _ = loop.run(limit: 30) { session.phase == .ready || session.isFinished }
            return (session.phase, session.keyExchange, session.hostKey?.typeName)
        }
        #expect(phase == .ready)
        #expect(kex == "ecdh-sha2-nistp256")
        #expect(hostKeyType == "ssh-ed25519", "the lab's known_hosts lists ed25519 first")
    }
}

/// libssh2's session structure in its own mapping, its zero pages handed back.
@Suite struct SessionMemoryTests {
    @Test func zeroPagesLeaveMemoryAndWhatWasWrittenStays() throws {
        let io = SocketIO()
        var context: UnsafeMutableRawPointer? = Unmanaged.passUnretained(io).toOpaque()
        let count = 54_840  // libssh2 1.10's structure on x86_64
        let block = try #require(sessionAlloc(count, &context))
        block.initializeMemory(as: UInt8.self, repeating: 0, count: count)  // as libssh2's memset
        block.storeBytes(of: 7, toByteOffset: 10, as: UInt8.self)
        block.storeBytes(of: 9, toByteOffset: 40_000, as: UInt8.self)
        #expect(residentPages(block, io.sessionBlockLength) == io.sessionBlockLength / pageSize)
        SessionMemory.releaseZeroPages(of: io)
        #expect(residentPages(block, io.sessionBlockLength) == 2, "the two pages written to stay")
        #expect(block.load(fromByteOffset: 10, as: UInt8.self) == 7)
        #expect(block.load(fromByteOffset: 40_000, as: UInt8.self) == 9)
        #expect(block.load(fromByteOffset: 20_000, as: UInt8.self) == 0, "a dropped page reads as zeroes")
        let other = try #require(sessionAlloc(64, &context))
        sessionFree(other, &context)
        sessionFree(block, &context)
        #expect(io.sessionBlock == nil)
    }

    private var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// Pages of `block` in memory now. The corresponding C function is `mincore`.
    private func residentPages(_ block: UnsafeMutableRawPointer, _ length: Int) -> Int {
        var flags = [UInt8](repeating: 0, count: length / pageSize)
        guard mincore(block, length, &flags) == 0 else { return -1 }
        return flags.filter { $0 & 1 != 0 }.count
    }
}
