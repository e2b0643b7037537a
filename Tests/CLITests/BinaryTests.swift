import Foundation
import LabSupport
import Testing

/// The built `chorus` binary itself: what an operator or a script sees.
@Suite struct BinaryTests {
    /// `.build/<triple>/debug/chorus`, beside this test bundle.
    static let binary: String = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return bundle.deletingLastPathComponent().appendingPathComponent("chorus").path
    }()

    @Test func versionAndHelpExitZero() throws {
        let version = try LabScript.runProgram(Self.binary, ["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.range(of: #"^chorus \d+\.\d+\.\d+ \(libssh2 1\.\d+\.\d+\)\n$"#, options: .regularExpression) != nil)
        let help = try LabScript.runProgram(Self.binary, ["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Usage:"))
        #expect(help.stderr.isEmpty)
    }

    /// Negative ranges through the binary, as ClusterShell 1.9.1's `nodeset -f`/`-e` print them.
    @Test func negativeRangesThroughTheBinary() throws {
        let folded = try LabScript.runProgram(Self.binary, ["hosts", "n[-5-5]", "n[1,-10,2-4,-12],n[5,-5,-4,-3,-9,-2--1]"])
        #expect(folded.status == 0)
        #expect(folded.stdout == "n[-12,-10--9,-5-5]\n")
        let expanded = try LabScript.runProgram(Self.binary, ["hosts", "--expand", "r[-1-0]n[-1,1]"])
        #expect(expanded.stdout == "r-1n-1\nr-1n1\nr0n-1\nr0n1\n")
        let refused = try LabScript.runProgram(Self.binary, ["hosts", "n[-01-02]"])
        #expect(refused.status == 2)
        #expect(refused.stderr == "chorus: bad range '-01-02': negative indexes cannot be zero padded\n")
    }

    @Test func usageErrorExitsTwoWithOneLine() throws {
        let run = try LabScript.runProgram(Self.binary, ["--zzzz-unknown-zzzz"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "chorus: unknown option '--zzzz-unknown-zzzz'\n")
    }
}
