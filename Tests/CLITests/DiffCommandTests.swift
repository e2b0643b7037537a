import Foundation
import LabSupport
import Testing

/// `:diff` compares the last outputs: the majority is the reference.
@Suite struct DiffCommandTests {
    @Test func differingHostsGetAUnifiedDiffAgainstTheMajority() throws {
        let lab = try Lab.shared().manifest
        let script = ":select web[01-03],db01\nprintf 'same\\n%s\\n' \"$(id -un)\"\n:diff\n"
        let run = try chorusScript(script, lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasSuffix("--- web[01-03] (3)\n+++ db01 (1)\n@@ -1,2 +1,2 @@\n same\n-chorus-lab\n+chorus-lab2\n"))
    }
}
