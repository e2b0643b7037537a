import Foundation
import LabSupport
import Testing

/// What the shell remembers between lines (`cd`, `export`, `unset`) and what it says it
/// does not, against real hosts.
@Suite struct RememberedStateTests {
    @Test func unsetUndoesAnExport() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript(":select web01\nexport FOO=bar\nunset FOO\necho \"[${FOO-unset}]\"\n:hosts\n", lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("web01: [unset]"), "\(run.stdout)")
        #expect(run.stdout.contains("  unset FOO\n"), "\(run.stdout)")
    }

    @Test func aCdInACompoundLineIsSaidNotToBeKept() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript(":select web01\ncd /tmp && cd /\npwd\n", lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("note: 'cd' in a line with &&, ||, ; or | is not kept between commands"), "\(run.stderr)")
        // Not remembered: pwd is the login directory again, neither / nor /tmp.
        let pwd = run.stdout.split(separator: "\n").last.map(String.init)
        #expect(pwd?.hasPrefix("web01: /") == true && pwd != "web01: /" && pwd != "web01: /tmp", "\(run.stdout)")
    }

    @Test func aCdThatFailsSomewhereNamesTheHostsAndKeepsNothing() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript(":set errexit off\n:select web[01-02]\ncd /tmp\n!true\n"
            + "cd /nonexistent-\(UUID().uuidString.prefix(6))\npwd\n", lab: lab)
        #expect(run.stderr.contains("failed on web[01-02]; later commands still run in /tmp as before"), "\(run.stderr)")
        #expect(run.stdout.contains("web01: /tmp\n") && run.stdout.contains("web02: /tmp\n"), "\(run.stdout)")
    }
}
