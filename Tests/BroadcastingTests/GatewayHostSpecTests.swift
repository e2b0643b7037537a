import Broadcasting
import Foundation
import Secrets
import Testing
import WorkerProtocol

/// A host's settings as a worker on a gateway gets them: key contents instead of key
/// files, no agent, the gateway's own known_hosts.
@Suite struct GatewayHostSpecTests {
    /// A folder with a "key" file (any bytes: nothing here parses it).
    final class KeyFolder {
        let path = NSTemporaryDirectory() + "chorus-gw-\(UUID().uuidString)"
        var key: String { path + "/id" }
        let contents: [UInt8] = Array("-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n".utf8) + [0xff, 0x00]

        init() throws {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try Data(contents).write(to: URL(fileURLWithPath: key))
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func spec(auth: [AuthSpec], jumps: [JumpSpec] = []) -> HostSpec {
        HostSpec(hostID: 1, name: "web1", hostname: "10.0.0.1", username: "ops", auth: auth,
                 knownHostsPath: "/home/me/.ssh/known_hosts", connectTimeoutMillis: 1000, keepaliveSeconds: 30,
                 jumps: jumps)
    }

    static func jump(_ name: String, auth: [AuthSpec]) -> JumpSpec {
        JumpSpec(name: name, hostname: name, username: "j", auth: auth, knownHostsPath: "/home/me/kh",
                 connectTimeoutMillis: 1000, keepaliveSeconds: 0)
    }

    @Test func keyFilesBecomeTheirContentsAndAgentsAreDropped() throws {
        let folder = try KeyFolder()
        let spec = Self.spec(auth: [.agent(socket: nil), .keyFile(path: folder.key, passphrase: Secret("pp")),
                                    .password(Secret("pw")), .agent(socket: "/run/a.sock")])
        let carried = try spec.forWorker(onGateway: "gw1")
        #expect(carried.auth == [.keyData(name: folder.key, key: SecretBytes(folder.contents), passphrase: Secret("pp")),
                                 .password(Secret("pw"))])
        var rest = carried
        rest.auth = spec.auth
        #expect(rest == spec, "nothing else changes, known_hosts included (the relay copies the shell's file)")
    }

    @Test func bastionsBehindTheGatewayAreCarriedTheSameWay() throws {
        let folder = try KeyFolder()
        let spec = Self.spec(auth: [.password(Secret("pw"))],
                             jumps: [Self.jump("b1", auth: [.keyFile(path: folder.key, passphrase: nil), .agent(socket: nil)])])
        let carried = try spec.forWorker(onGateway: "gw1")
        #expect(carried.jumps.map(\.auth) == [[.keyData(name: folder.key, key: SecretBytes(folder.contents), passphrase: nil)]])
        #expect(carried.jumps.map(\.knownHostsPath) == ["/home/me/kh"], "the shell's path, for the relay to replace")
    }

    @Test func theShellsKnownHostsPathIsKeptForTheRelayThatCopiesIt() throws {
        let spec = Self.spec(auth: [.password(Secret("pw"))], jumps: [Self.jump("b1", auth: [.password(Secret("q"))])])
        let carried = try spec.forWorker(onGateway: "gw1")
        #expect(carried == spec, "nothing to change")
    }

    @Test func aHostLeftWithNoMethodIsRefusedNamingHostAndGateway() {
        let spec = Self.spec(auth: [.agent(socket: nil)])
        #expect(throws: GatewayCredentialError(message: "host web1 behind gateway gw1: an SSH agent cannot be used through a "
                                                   + "gateway; give the host a key file or password")) {
            try spec.forWorker(onGateway: "gw1")
        }
        let behind = Self.spec(auth: [.password(Secret("pw"))], jumps: [Self.jump("b1", auth: [.agent(socket: nil)])])
        #expect(throws: GatewayCredentialError(message: "bastion b1 of host web1 behind gateway gw1: an SSH agent cannot be "
                                                   + "used through a gateway; give the bastion a key file or password")) {
            try behind.forWorker(onGateway: "gw1")
        }
    }

    @Test func aHostWithNoMethodAtAllIsLeftToTheWorkersUsualError() throws {
        #expect(try Self.spec(auth: []).forWorker(onGateway: "gw1").auth == [])
    }

    @Test func anUnreadableKeyFileIsOneLineNamingTheFile() {
        let spec = Self.spec(auth: [.keyFile(path: "/nonexistent/chorus/id_ed25519", passphrase: nil), .password(Secret("pw"))])
        #expect(throws: GatewayCredentialError(message: "host web1 behind gateway gw1: cannot read key "
                                                   + "/nonexistent/chorus/id_ed25519 to send it to the gateway: No such file or directory")) {
            try spec.forWorker(onGateway: "gw1")
        }
    }

    @Test func theKeyNeverShowsInDescriptions() throws {
        let folder = try KeyFolder()
        let carried = try Self.spec(auth: [.keyFile(path: folder.key, passphrase: nil)]).forWorker(onGateway: "gw1")
        var dumped = ""
        dump(carried, to: &dumped)
        for text in [carried.description, String(reflecting: carried), dumped] {
            #expect(!text.contains("BEGIN OPENSSH"), "\(text)")
        }
    }
}
