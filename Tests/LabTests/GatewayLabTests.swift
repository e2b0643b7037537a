import CLibSSH2
import Foundation
import LabSupport
import Testing

/// The gateway lab (`chorus-lab start --gateways`): targets only gateways reach, gateways
/// the client reaches, shaped client links, and a stop that leaves nothing behind. Each
/// test starts a lab of its own, so they also run several labs at once.
@Suite struct GatewayLabTests {
    init() { #expect(libssh2_init(0) == 0) }

    @Test func theRootNamespaceCannotReachATargetAndFailsAtOnce() throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 20)
        defer { try? lab.stop() }
        for address in [lab.network.targets[0].address, lab.network.targets[19].address, lab.network.gateways[0].segmentAddress] {
            let started = ContinuousClock.now
            let error = try #require(throws: TCPError.self) { try readBanner(address: address, port: 22) }
            #expect([EHOSTUNREACH, ENETUNREACH].contains(error.code), "\(error)")
            #expect(ContinuousClock.now - started < .seconds(1), "a direct connection must fail at once, not hang")
        }
    }

    @Test func everyTargetAnswersFromInsideAGatewayAndTheLabUserLogsIn() throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 40)
        defer { try? lab.stop() }
        for gateway in lab.network.gateways {
            let banners = try lab.run(in: gateway.namespace, ["python3", "-c", Self.bannerCheck] + lab.network.targets.map(\.address))
            #expect(banners.status == 0 && banners.stdout.isEmpty, "targets without an SSH banner from \(gateway.name): \(banners.stdout)\(banners.stderr)")
        }
        let gateway = lab.network.gateways[1], target = try #require(lab.manifest.hosts(inGroup: "behind").last)
        let login = try lab.run(in: gateway.namespace, ["/usr/bin/ssh", "-F", "/dev/null", "-o", "BatchMode=yes",
            "-o", "ConnectTimeout=5", "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=\(lab.manifest.knownHosts)",
            "-i", lab.manifest.keys.ed25519, "-l", target.user, target.address, "echo $SSH_CONNECTION; id -un"])
        #expect(login.status == 0, "\(login.stderr)")
        let lines = login.stdout.split(separator: "\n")
        #expect(lines.first?.split(separator: " ").first.map(String.init) == gateway.segmentAddress)
        #expect(lines.last.map(String.init) == target.user)
    }

    @Test func aGatewaysSSHDAnswersFromTheRootNamespaceWithTheLabsKey() async throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 4)
        defer { try? lab.stop() }
        let gateway = lab.network.gateways[1]
        let host = try #require(lab.manifest.hosts(inGroup: "gateways").first { $0.name == gateway.name })
        #expect(host.address == gateway.address && host.port == 22)
        let (known, result) = try await onOwnThread { [knownHosts = lab.manifest.knownHosts, key = lab.manifest.keys.ed25519] in
            let probe = try BlockingProbe(address: host.address, port: host.port)
            let known = try probe.checkKnownHosts(file: knownHosts, address: host.address, port: host.port)
            try probe.authenticate(user: host.user, privateKey: key)
            return (known, try probe.exec("echo $SSH_CONNECTION"))
        }
        #expect(known == LIBSSH2_KNOWNHOST_CHECK_MATCH, "known_hosts must name port-22 hosts by their bare address")
        #expect(result.stdout.split(separator: " ").first.map(String.init) == gateway.rootAddress)
        for gateway in lab.network.gateways {
            let forwarding = try lab.run(in: gateway.namespace, ["cat", "/proc/sys/net/ipv4/ip_forward"])
            #expect(forwarding.stdout == "0\n", "gateway \(gateway.name) must not forward packets")
        }
    }

    @Test func theClientRateShapesBothEndsOfEveryClientLinkAndTheDirectLeg() throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 4, clientRate: "100mbit", direct: true)
        defer { try? lab.stop() }
        #expect(lab.network.clientRateBits == 100_000_000 && lab.network.gatewayLinkRateBits == 50_000_000)
        for gateway in lab.network.gateways {
            #expect(try qdisc(device: gateway.rootDevice).contains("qdisc tbf "))
            #expect(try qdisc(device: gateway.rootDevice).contains("rate 50Mbit"))
            #expect(try qdisc(device: gateway.gatewayDevice, namespace: gateway.namespace).contains("rate 50Mbit"))
        }
        let direct = try #require(lab.network.direct)
        #expect(try qdisc(device: direct.rootDevice).contains("rate 100Mbit"))
        #expect(try qdisc(device: direct.segmentDevice, namespace: lab.network.segmentNamespace).contains("rate 100Mbit"))
        let banner = try readBanner(address: lab.network.targets[3].address, port: 22)
        #expect(banner.hasPrefix("SSH-2.0-"), "with --direct the root namespace reaches targets over its own leg")
    }

    @Test func stopLeavesNoNamespaceRouteDeviceOrSSHD() throws {
        let lab = try GatewayLab.start(gateways: 3, targets: 40, clientRate: "1gbit", direct: true)
        let network = lab.network, manifest = lab.manifest
        #expect(manifest.sshdPids.count == 3 + 3, "3 gateways and 40 targets at 16 per sshd")
        #expect(try namespaces().isSuperset(of: network.namespaces))

        try lab.stop()

        #expect(ProcessTree.waitUntilGone(manifest.sshdPids, seconds: 5), "an sshd of the lab survived stop")
        #expect(try namespaces().isDisjoint(with: network.namespaces))
        let routes = try ip(["-4", "route", "show"]).stdout
        #expect(!routes.contains(network.segment.replacingOccurrences(of: "/20", with: "")), "\(routes)")
        for device in network.rootDevices {
            #expect(try ip(["link", "show", device]).status != 0, "device \(device) survived stop")
        }
        #expect(!FileManager.default.fileExists(atPath: manifest.dir))
    }

    @Test func twoLabsAtOnceShareNothingAndStoppingOneLeavesTheOther() throws {
        let first = try GatewayLab.start(gateways: 1, targets: 5)
        let second = try GatewayLab.start(gateways: 1, targets: 5)
        defer { try? second.stop() }
        #expect(first.network.segment != second.network.segment)
        #expect(Set(first.network.namespaces).isDisjoint(with: second.network.namespaces))
        #expect(Set(first.network.rootDevices).isDisjoint(with: second.network.rootDevices))

        try first.stop()

        let gateway = second.network.gateways[0]
        let banners = try second.run(in: gateway.namespace, ["python3", "-c", Self.bannerCheck] + second.network.targets.map(\.address))
        #expect(banners.status == 0 && banners.stdout.isEmpty, "\(banners.stdout)\(banners.stderr)")
        #expect(try ip(["-4", "route", "show", "type", "unreachable"]).stdout.contains(second.network.route.prefix))
    }

    @Test func theInventoryNamesEveryGatewayAndASplitAndTheDirectOneNone() throws {
        let lab = try GatewayLab.start(gateways: 2, targets: 9)
        defer { try? lab.stop() }
        let behind = try String(contentsOfFile: lab.manifest.inventory + "/behind.ini", encoding: .utf8)
        let lines = behind.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "gateway = gw1,gw2" }.count == 9)
        #expect(lines.filter { $0 == "groups = behind_gw1" }.count == 5 && lines.filter { $0 == "groups = behind_gw2" }.count == 4)
        let direct = try String(contentsOfFile: lab.network.directInventory + "/behind.ini", encoding: .utf8)
        #expect(!direct.contains("gateway ="))
        #expect(direct.split(separator: "\n").filter { $0.hasPrefix("hostname = ") }.count == 9)
        let gateways = try String(contentsOfFile: lab.manifest.inventory + "/gateways.ini", encoding: .utf8)
        #expect(lab.network.gateways.allSatisfy { gateways.contains("[\($0.name)]\nhostname = \($0.address)\nport = 22\n") })
        #expect(lab.network.targets.allSatisfy { $0.gateways == ["gw1", "gw2"] })
    }

    /// Prints every address (argument) whose port 22 gives no SSH banner within 5 s.
    private static let bannerCheck = """
        import socket, sys
        for address in sys.argv[1:]:
            try:
                with socket.create_connection((address, 22), timeout=5) as s:
                    if not s.recv(64).startswith(b"SSH-2.0-"): print(address, "no banner")
            except OSError as e:
                print(address, e)
        """

    private func qdisc(device: String, namespace: String? = nil) throws -> String {
        let run = try LabScript.runProgram("/usr/sbin/tc", (namespace.map { ["-n", $0] } ?? []) + ["qdisc", "show", "dev", device])
        return run.stdout
    }

    private func namespaces() throws -> Set<String> {
        Set(try ip(["netns", "list"]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    private func ip(_ arguments: [String]) throws -> LabScript.Output {
        try LabScript.runProgram("/usr/sbin/ip", arguments)
    }
}
