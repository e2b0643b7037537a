import Foundation
import LabSupport
import Shell
import Testing

/// Generated text must not drift unnoticed: `chorus --help`, each subcommand's help and
/// the shell's `:help` are compared with files in Tests/CLITests/Snapshots.
/// `CHORUS_RECORD_SNAPSHOTS=1 swift test --filter SnapshotTests` rewrites them.
@Suite struct SnapshotTests {
    static let folder = LabScript.repositoryRoot.appendingPathComponent("Tests/CLITests/Snapshots")

    @Test(arguments: [
        ("help.txt", ["--help"]), ("help-hosts.txt", ["help", "hosts"]), ("help-groups.txt", ["help", "groups"]),
        ("help-batch_run.txt", ["help", "batch_run"]), ("help-put.txt", ["help", "put"]), ("help-get.txt", ["help", "get"]),
        ("help-batch_scp.txt", ["help", "batch_scp"]), ("help-completions.txt", ["help", "completions"]),
        ("help-log.txt", ["help", "log"]),
    ])
    func commandLineHelp(file: String, arguments: [String]) throws {
        try Self.check(CapturedRun(arguments).out, against: file)
    }

    @Test func shellHelp() throws {
        try Self.check(ShellHelp.text(forTopic: nil), against: "shell-help.txt")
    }

    static func check(_ text: String, against name: String) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["CHORUS_RECORD_SNAPSHOTS"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let recorded = try String(contentsOf: url, encoding: .utf8)
        #expect(text == recorded, "\(name) changed; if that is intended, record it again (see SnapshotTests)")
    }
}
