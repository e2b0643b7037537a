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

    @Test func usageErrorExitsTwoWithOneLine() throws {
        let run = try LabScript.runProgram(Self.binary, ["--zzzz-unknown-zzzz"])
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "chorus: unknown option '--zzzz-unknown-zzzz'\n")
    }
}
