import Foundation
import LabSupport
import Testing

/// The shell's result-driven features behave behind a gateway as for direct hosts:
/// `@last:` selections, gathered output and command timeouts.
extension GatewayTests {
    @Test func lastResultsGatherAndTimeoutsWorkBehindTheGateway() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 3)
        defer { setup.remove() }
        let first = setup.network.targetAddresses[0]
        let script = """
            :set errexit off
            :select t[1-3]
            case "$SSH_CONNECTION" in *" \(first) "*) exit 3;; esac; echo fine
            :select @last:failed
            echo again
            :select t[1-3]
            :set gather on
            echo same
            :set gather off
            :set command_timeout 1
            sleep 5

            """
        let quoted = setup.arguments.map { "'\($0)'" }.joined(separator: " ")
        var environment = LabScript.environment
        environment["SCRIPT"] = script
        let started = Date()
        let run = try LabScript.runProgram("/bin/sh", ["-c", "printf '%s' \"$SCRIPT\" | '\(BinaryTests.binary)' \(quoted)"],
                                           environment: environment)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasSuffix(": fine") }.sorted() == ["t2: fine", "t3: fine"], "\(run.stdout)")
        #expect(lines.filter { $0.hasSuffix(": again") } == ["t1: again"], "only the failed host was selected: \(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("t[1-3]") } && lines.contains("same"), "gathered as one block: \(run.stdout)")
        #expect(run.stdout.contains("timed out") || run.stderr.contains("timed out"), "\(run.stdout) \(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 30, "the sleeps were stopped by the timeout")
    }
}
