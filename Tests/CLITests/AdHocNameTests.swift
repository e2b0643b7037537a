import Foundation
import LabSupport
import Testing

/// Names are never guessed: one-shot runs and `chorus hosts` say which names are not in
/// the inventory; the shell refuses them unless `:set adhoc on`; `@GROUP cmd` means the
/// group. No test here sends a name to the resolver: nothing runs on a refused name.
@Suite struct AdHocNameTests {
    @Test func hostsWarnsWithTheNamesMeant() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(["-i", lab.inventory, "hosts", "web[1-2]"])
        #expect(run.status == 0 && run.stdout == "web[1-2]\n", "\(run.stderr)")
        #expect(run.stderr == "chorus: warning: web[1-2] are not in the inventory (did you mean web[01-02]?); they would be ad-hoc hosts\n")
    }

    @Test func oneShotWarnsAndRunsOnAnAddress() throws {
        let lab = try Lab.shared().manifest
        // localhost comes from /etc/hosts; port 1 refuses at once.
        let run = try chorus(["-i", lab.inventory, "-F", "none", "-w", "localhost:1", "true"])
        #expect(run.status == 4, "\(run.stderr)")
        #expect(run.stderr.contains("warning: localhost:1 is not in the inventory; running on it as an ad-hoc host\n"), "\(run.stderr)")
        #expect(run.stderr.contains("refused: "), "\(run.stderr)")
    }

    @Test func theShellRefusesNamesOutsideTheInventory() throws {
        let lab = try Lab.shared().manifest
        let select = try chorusScript(":select web01\n:select web1\n", lab: lab)
        #expect(select.status == 2)
        #expect(select.stderr.contains("web1 is not in the inventory (did you mean web01?); the selection is unchanged "
            + "(:set adhoc on to use names outside the inventory)"), "\(select.stderr)")
        let targeted = try chorusScript("@web01,web2 echo never\n", lab: lab)
        #expect(targeted.status == 2 && !targeted.stdout.contains("never"), "\(targeted.stdout)")
        #expect(targeted.stderr.contains("web2 is not in the inventory (did you mean web02?)"), "\(targeted.stderr)")
        #expect(targeted.stderr.contains("; nothing was run (:set adhoc on"), "\(targeted.stderr)")
        let allowed = try chorusScript(":set adhoc on\n:select web1\n", lab: lab)
        #expect(allowed.status == 0 && allowed.stderr.contains("web1 (1 host)"), "\(allowed.stderr)")
    }

    @Test func atGroupNameRunsOnTheGroup() throws {
        let lab = try Lab.shared().manifest
        let run = try chorusScript("@db echo group\n", lab: lab)
        #expect(run.status == 0, "\(run.stderr)")
        let expected = lab.hosts(inGroup: "db").map { "\($0.name): group" }.sorted()
        #expect(run.stdout.split(separator: "\n").map(String.init).sorted() == expected, "\(run.stdout)")
    }
}
