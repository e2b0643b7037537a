import Foundation
import LabSupport
import Testing

/// A gateway that only another gateway reaches: the relay logs in to it through the
/// first one (an SSH tunnel), and its worker reaches the hosts behind it.
extension GatewayTests {
    @Test func aGatewayBehindAGatewayIsReachedThroughItAndRunsItsHosts() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 2)
        defer { setup.remove() }
        let (inner, far) = (setup.network.targetAddresses[0], setup.network.targetAddresses[1])
        let password = try #require(setup.targetPassword)
        let login = ["username = \(setup.user)", "password = \(password)"]
        try setup.inventory.addGroup("chained", [
            (["[inner]", "hostname = \(inner)", "gateway = gw"] + login).joined(separator: "\n") + "\n",
            (["[far]", "hostname = \(far)", "gateway = inner"] + login).joined(separator: "\n") + "\n",
        ])
        let run = try chorus(setup.arguments + ["-o", "json", "-w", "far", "echo $SSH_CONNECTION"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        let source = try jsonObjects(run.stdout).first?["stdout"] as? String
        #expect(source?.hasPrefix(inner + " ") == true, "far was reached from the inner gateway's worker: \(source ?? "")")
        #expect(Self.waitUntil(seconds: 5) { setup.farWorkers().isEmpty }, "no worker is left on either gateway")
    }

    @Test func gatewaysInALoopOrBehindSeveralGatewaysFailTheirHostsWithOneLine() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        try setup.inventory.addGroup("looped", [
            "[ga]\nhostname = 10.9.9.1\ngateway = gb\n", "[gb]\nhostname = 10.9.9.2\ngateway = ga\n",
            "[gc]\nhostname = 10.9.9.3\ngateway = ga,gb\n",
            "[h1]\nhostname = 10.9.9.4\ngateway = ga\n", "[h2]\nhostname = 10.9.9.5\ngateway = gc\n",
        ])
        let run = try chorus(setup.arguments + ["-o", "json", "-w", "h1,h2,web01", "true"])
        #expect(run.status == 4, "\(run.stderr)")
        let errors = Dictionary(uniqueKeysWithValues: try jsonObjects(run.stdout).map {
            ($0["host"] as? String ?? "", $0["error"] as? String ?? "")
        })
        #expect(errors["h1"]?.contains("gateways ga behind gb behind ga go round in a loop") == true, "\(errors)")
        #expect(errors["h2"]?.contains("gateway 'gc' is behind 2 gateways (ga,gb)") == true, "\(errors)")
        #expect(errors["web01"] == "", "a direct host beside them runs")
    }
}
