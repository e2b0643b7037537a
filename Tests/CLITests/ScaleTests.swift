@testable import Broadcasting
@testable import ChorusCLI
import Foundation
import LabSupport
import Testing

/// Many hosts at once within a small file-descriptor limit.
@Suite struct ScaleTests {
    @Test func fiveHundredHostsWithFanoutFiftyUnderATightDescriptorLimit() throws {
        let lab = try Lab.start(hosts: 500, ports: 4)
        defer { try? lab.stop() }
        let manifest = lab.manifest
        let arguments = (OneShotTests.labArguments(manifest) + ["-f", "50", "-o", "json", "-w", "web*,db*,cache*", "echo ok"])
            .map { "'" + $0 + "'" }.joined(separator: " ")
        // 256 descriptors cannot hold 500 sockets in two workers: chorus must spread them.
        let run = try LabScript.runProgram("/bin/sh", ["-c", "ulimit -n 256 && exec \(BinaryTests.binary) \(arguments)"])
        let objects = try jsonObjects(run.stdout)
        #expect(objects.count == 500)
        let failures = objects.filter { $0["status"] as? String != "ok" }.compactMap { "\($0["host"] ?? "?"): \($0["error"] ?? "")" }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(run.status == 0, "\(run.stderr.prefix(500))")
    }

    @Test(arguments: [(2, 500, 256, 3), (2, 10, 1024, 2), (8, 3, 1024, 3), (1, 100_000, 20_000, 6)])
    func workersGrowToFitTheLimit(requested: Int, hosts: Int, limit: Int, expected: Int) {
        #expect(OpenFileLimit.workers(requested: requested, hosts: hosts, limit: limit) == expected)
    }
}
