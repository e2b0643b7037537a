import Foundation
import LabSupport
import Testing

/// The bash completion script, run by a real bash against the sample inventory.
@Suite struct CompletionTests {
    /// COMPREPLY for a command line whose last word is being completed.
    static func complete(_ words: [String]) throws -> [String] {
        let script = LabScript.repositoryRoot.appendingPathComponent("share/completions/chorus.bash").path
        let binaryFolder = URL(fileURLWithPath: BinaryTests.binary).deletingLastPathComponent().path
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(script)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            _chorus
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = binaryFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CHORUS_INVENTORY"] = LabScript.repositoryRoot.appendingPathComponent("conf/inventory.d").path
        let run = try LabScript.runProgram("/bin/bash", ["--norc", "-c", program], environment: environment)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    @Test(arguments: [
        (["chorus", "gr"], ["groups"]),
        (["chorus", "--host-k"], ["--host-key-policy"]),
        (["chorus", "--host-key-policy", "a"], ["accept-new"]),
        (["chorus", "-w", "@w"], ["@web_clusters"]),
        (["chorus", "-w", "web01,db"], ["web01,db1", "web01,db2", "web01,db3", "web01,db_servers"].filter { !$0.hasSuffix("db_servers") }),
        (["chorus", "-g", "db"], ["db_servers"]),
        (["chorus", "-o", "j"], ["json"]),
        (["chorus", "help", "batch"], ["batch_run", "batch_scp"]),
    ])
    func completes(words: [String], expected: [String]) throws {
        #expect(try Self.complete(words) == expected)
    }

    @Test func zshScriptDeclaresTheSameOptionsAsHelp() throws {
        let zsh = try String(contentsOf: LabScript.repositoryRoot.appendingPathComponent("share/completions/_chorus"), encoding: .utf8)
        for option in ["--host-key-policy", "--keepalive", "--outdir", "--workers", "--pty", "--known-hosts"] {
            #expect(zsh.contains(option), "zsh completion lacks \(option)")
        }
    }
}
