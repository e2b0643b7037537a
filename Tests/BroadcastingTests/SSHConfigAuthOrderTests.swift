import Broadcasting
import Foundation
import Inventory
import JobDispatch
import Testing
import WorkerProtocol

/// The keys a host offers, in OpenSSH's order: the inventory's key or password decide
/// alone; else the configuration's `IdentityFile`s, then the agent unless
/// `IdentitiesOnly` (or `IdentityAgent none`), then the default keys only when no
/// `IdentityFile` applies.
@Suite struct SSHConfigAuthOrderTests {
    static let home = NSTemporaryDirectory() + "chorus-authorder-\(UUID().uuidString)"
    static let keyA = home + "/a", keyB = home + "/b", defaultKey = home + "/.ssh/id_ed25519"
    static let environment = ["HOME": home, "SSH_AUTH_SOCK": "/agent.sock", "OTHER_SOCK": "/other.sock"]

    init() throws {
        try FileManager.default.createDirectory(atPath: Self.home + "/.ssh", withIntermediateDirectories: true)
        for path in [Self.keyA, Self.keyB, Self.defaultKey] { FileManager.default.createFile(atPath: path, contents: Data()) }
    }

    static func offered(_ extras: SSHConfigExtras?) -> [String] {
        offered(ResolvedHost(name: "h", hostname: "h", username: "u"), extras)
    }

    static func offered(_ host: ResolvedHost, _ extras: SSHConfigExtras?) -> [String] {
        host.dispatchHost(RunSettings(), environment: environment, extras: extras).spec.auth.map { spec in
            switch spec {
            case .keyFile(let path, _): "key " + path.replacingOccurrences(of: home, with: "~")
            case .agent(let socket): "agent " + (socket ?? "-")
            case .password: "password"
            case .keyData(let name, _, _): "key contents " + name
            }
        }
    }

    static func extras(files: [String]?, only: Bool = false, agent: SSHConfigExtras.AgentChoice? = nil) -> SSHConfigExtras {
        var extras = SSHConfigExtras.empty
        extras.identityFiles = files
        extras.identitiesOnly = only
        if let agent { extras.agent = agent }
        return extras
    }

    @Test func identityFilesThenTheAgentAndNoDefaults() {
        #expect(Self.offered(Self.extras(files: [Self.keyA, Self.home + "/missing", Self.keyB])) == ["key ~/a", "key ~/b", "agent /agent.sock"])
    }

    @Test func identitiesOnlyLeavesTheAgentOut() {
        #expect(Self.offered(Self.extras(files: [Self.keyB], only: true)) == ["key ~/b"])
    }

    @Test func withoutIdentityFilesTheAgentThenTheDefaults() {
        #expect(Self.offered(Self.extras(files: nil)) == ["agent /agent.sock", "key ~/.ssh/id_ed25519"])
        #expect(Self.offered(nil) == ["agent /agent.sock", "key ~/.ssh/id_ed25519"])
    }

    @Test func identityAgentChoosesTheSocket() {
        #expect(Self.offered(Self.extras(files: nil, agent: .noAgent)) == ["key ~/.ssh/id_ed25519"])
        #expect(Self.offered(Self.extras(files: nil, agent: .environment("OTHER_SOCK"))).first == "agent /other.sock")
        #expect(Self.offered(Self.extras(files: nil, agent: .path("/p.sock"))).first == "agent /p.sock")
    }

    @Test func theInventorysKeyDecidesAlone() {
        var host = ResolvedHost(name: "h", hostname: "h", username: "u")
        host.identityFile = Self.keyA
        #expect(Self.offered(host, Self.extras(files: [Self.keyB])) == ["key ~/a"])
    }
}
