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
        let started = Date()
        let run = try setup.shell(script)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasSuffix(": fine") }.sorted() == ["t2: fine", "t3: fine"], "\(run.stdout)")
        #expect(lines.filter { $0.hasSuffix(": again") } == ["t1: again"], "only the failed host was selected: \(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("t[1-3]") } && lines.contains("same"), "gathered as one block: \(run.stdout)")
        #expect(run.stdout.contains("timed out") || run.stderr.contains("timed out"), "\(run.stdout) \(run.stderr)")
        #expect(Date().timeIntervalSince(started) < 30, "the sleeps were stopped by the timeout")
    }
}

extension GatewayTests {
    /// The shell's relay lives on between commands; the copies a put staged on the
    /// gateway go when the next put starts, so the gateway holds one put's files.
    @Test func theShellsNextPutReplacesTheCopiesStagedOnTheGateway() throws {
        let lab = try Lab.shared().manifest
        let setup = try GatewaySetup(lab, targets: 1)
        defer { setup.remove() }
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("a.bin", Data((0..<4096).map { _ in UInt8.random(in: 0...255) }))
        try local.write("b.bin", Data((0..<4096).map { _ in UInt8.random(in: 0...255) }))
        // The gateway's staged copies that hold a.bin or b.bin (other runs may stage there too).
        let staged = "for f in ~/.cache/chorus/stage-*/*; do cmp -s \"$f\" \(remote.dir)/a.bin && printf 'A '; "
            + "cmp -s \"$f\" \(remote.dir)/b.bin && printf 'B '; done; echo"
        let script = """
            :set errexit off
            :select t1
            :put \(local.path("a.bin")) \(remote.dir)/
            :select gw
            \(staged)
            :select t1
            :put \(local.path("b.bin")) \(remote.dir)/
            :select gw
            \(staged)

            """
        let run = try setup.shell(script)
        #expect(run.status == 0, "\(run.stderr)")
        let listings = run.stdout.split(separator: "\n").filter { $0.hasPrefix("gw: ") }.map { $0.dropFirst(4).trimmingCharacters(in: .whitespaces) }
        #expect(listings == ["A", "B"], "the first put's copy went when the second started: \(run.stdout)")
        #expect(remote.contents("a.bin")?.count == 4096 && remote.contents("b.bin")?.count == 4096)
    }
}
