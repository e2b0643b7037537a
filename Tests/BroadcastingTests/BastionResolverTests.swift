@testable import Broadcasting
import Inventory
import JobDispatch
import Secrets
import Testing
import WorkerProtocol

/// `BastionResolver`: inventory host first, then the second lookup, then an address;
/// `-J` replaces `proxy_jump`; a bastion's own `proxy_jump` is never followed.
@Suite struct BastionResolverTests {
    static let environment = ["HOME": "/nonexistent-home"]

    static func inventory() -> [String: ResolvedHost] {
        var gw = ResolvedHost(name: "gw", hostname: "10.0.0.1", username: "jumper")
        gw.port = 2200
        gw.identityFile = "/keys/gw"
        gw.password = Secret("gw-secret")
        gw.knownHostsPolicy = .strict
        gw.proxyJump = ["elsewhere"]  // never followed
        var web = ResolvedHost(name: "web01", hostname: "10.1.0.1", username: "deploy")
        web.proxyJump = ["gw", "admin@inner:2222", "plain"]
        return ["gw": gw, "web01": web]
    }

    @Test func namesResolveInventoryFirstThenAddresses() throws {
        let hosts = Self.inventory()
        let resolver = BastionResolver(inventory: hosts)
        let jumps = try resolver.jumps(for: try #require(hosts["web01"]), RunSettings(), environment: Self.environment)
        #expect(jumps.map(\.name) == ["gw", "admin@inner:2222", "plain"])
        #expect(jumps.map(\.hostname) == ["10.0.0.1", "inner", "plain"])
        #expect(jumps.map(\.port) == [2200, 2222, 22])
        #expect(jumps.map(\.username) == ["jumper", "admin", "deploy"], "an address defaults to the host's user")
        #expect(jumps[0].auth == [.keyFile(path: "/keys/gw", passphrase: nil), .password(Secret("gw-secret"))])
        #expect(jumps[0].hostKeyPolicy == .strict && jumps[1].hostKeyPolicy == .acceptNew)
    }

    @Test func theCommandLineReplacesTheInventoryAndNoneTurnsItOff() throws {
        let hosts = Self.inventory()
        let web = try #require(hosts["web01"])
        var settings = RunSettings()
        settings.proxyJump = ["gw"]
        #expect(BastionResolver.names(for: web, settings) == ["gw"])
        settings.proxyJump = []
        #expect(BastionResolver.names(for: web, settings) == [])
        settings.user = "ops"
        settings.proxyJump = ["inner"]
        let jumps = try BastionResolver(inventory: hosts).jumps(for: web, settings, environment: Self.environment)
        #expect(jumps.first?.username == "ops", "an address's user is the host's login user, -l included")
    }

    @Test func theSecondLookupComesBetweenTheInventoryAndAddresses() throws {
        let hosts = Self.inventory()
        let resolver = BastionResolver(inventory: hosts) { name, _ in
            name == "alias" ? ResolvedHost(name: "alias", hostname: "192.0.2.9", username: "aliased") : nil
        }
        var settings = RunSettings()
        settings.proxyJump = ["alias", "gw", "other"]
        let jumps = try resolver.jumps(for: try #require(hosts["web01"]), settings, environment: Self.environment)
        #expect(jumps.map(\.hostname) == ["192.0.2.9", "10.0.0.1", "other"])
    }

    @Test func aBastionThatIsTheHostItselfOrTooLongAChainFailsThatHost() throws {
        let hosts = Self.inventory()
        let resolver = BastionResolver(inventory: hosts)
        var settings = RunSettings()
        settings.proxyJump = ["web01"]
        let web = try #require(hosts["web01"])
        #expect(throws: BastionResolver.Failure(message: "bastion 'web01' is the host itself")) {
            try resolver.jumps(for: web, settings, environment: Self.environment)
        }
        settings.proxyJump = ["10.1.0.1"]
        #expect(throws: BastionResolver.Failure(message: "bastion '10.1.0.1' is the host itself")) {
            try resolver.jumps(for: web, settings, environment: Self.environment)
        }
        settings.proxyJump = (1...9).map { "gw\($0)" }
        #expect(throws: BastionResolver.Failure(message: "proxy_jump: 9 bastions, at most 8 allowed")) {
            try resolver.jumps(for: web, settings, environment: Self.environment)
        }
    }

    @Test func preparedHostsSendTheJumpsAndFailOnlyTheBadHost() throws {
        let hosts = Self.inventory()
        var selfJump = ResolvedHost(name: "db01", hostname: "10.2.0.1", username: "deploy")
        selfJump.proxyJump = ["db01"]
        let prepared = try PreparedHosts([try #require(hosts["web01"]), selfJump], settings: RunSettings(),
                                         environment: Self.environment, passwords: TypedPasswords(),
                                         bastions: BastionResolver(inventory: hosts))
        #expect(prepared.dispatch.map(\.name) == ["web01"])
        #expect(prepared.dispatch.first?.spec.jumps.count == 3)
        #expect(prepared.failed.map(\.message) == ["bastion 'db01' is the host itself"])
    }
}
