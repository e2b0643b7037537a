import Foundation
import LabSupport
import Testing

/// Habits from clush and pdsh: host lists from files and standard input, `--pick`,
/// `-N`, one-shot `--diff`, and the shell's `:pick`.
@Suite struct ClushHabitsTests {
    static func base(_ lab: LabManifest) -> [String] { OneShotTests.labArguments(lab) + ["-F", "none"] }

    @Test func hostListsComeFromFilesAndStandardInput() throws {
        let lab = try Lab.shared().manifest
        let list = try Scratch()
        defer { list.remove() }
        try list.write("hosts", Data("# web hosts\nweb01\n\n  web[02-03]  \r\n@db\n".utf8))
        let fromFile = try chorus(Self.base(lab) + ["--hostfile", list.path("hosts"), "-x", "@db", "echo", "in"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout.split(separator: "\n").sorted() == ["web01: in", "web02: in", "web03: in"], "\(fromFile.stdout)")
        let caret = try chorus(Self.base(lab) + ["-w", "^" + list.path("hosts"), "-x", "@db", "echo", "in"])
        #expect(caret.stdout == fromFile.stdout || caret.stdout.split(separator: "\n").sorted() == fromFile.stdout.split(separator: "\n").sorted())
        let piped = try LabScript.runProgram("/bin/sh", ["-c", "printf 'web01\\nweb02\\n' | '\(BinaryTests.binary)' "
            + Self.base(lab).map { "'\($0)'" }.joined(separator: " ") + " -w - 'cat; echo ran'"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout.split(separator: "\n").sorted() == ["web01: ran", "web02: ran"], "the names are not the command's input: \(piped.stdout)")
        try list.write("bad", Data("web01\nweb\u{1B}[2J\n".utf8))
        let bad = try chorus(Self.base(lab) + ["--hostfile", list.path("bad"), "true"])
        #expect(bad.status == 2 && bad.stderr == "chorus: \(list.path("bad")):2: a control character in a host name\n", "\(bad.stderr)")
    }

    @Test func pickRunsOnThatManyHostsOfTheSelection() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(Self.base(lab) + ["-w", "web[01-08]", "--pick", "3", "echo", "picked"])
        #expect(run.status == 0, "\(run.stderr)")
        let hosts = run.stdout.split(separator: "\n").map { String($0.prefix { $0 != ":" }) }
        #expect(hosts.count == 3 && Set(hosts).count == 3, "\(run.stdout)")
        #expect(hosts.allSatisfy { ["web01", "web02", "web03", "web04", "web05", "web06", "web07", "web08"].contains($0) })
        let shell = try chorusScript(":select web[01-08]\n:pick 2\n:hosts\n", lab: lab)
        #expect(shell.status == 0, "\(shell.stderr)")
        #expect(shell.stdout.hasPrefix("web") && shell.stdout.contains("(2 hosts)"), "\(shell.stdout)")
    }

    @Test func minusAIsEveryInventoryHost() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(Self.base(lab) + ["-a", "-x", "@web,@db", "echo", "all"])
        #expect(run.status == 0, "\(run.stderr)")
        let expected = lab.hosts(inGroup: "cache").map { "\($0.name): all" }.sorted()
        #expect(run.stdout.split(separator: "\n").map(String.init).sorted() == expected, "\(run.stdout)")
    }

    @Test func minusNDropsTheLabel() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(Self.base(lab) + ["-N", "-w", "web[01-02]", "echo", "bare"])
        #expect(run.status == 0 && run.stdout == "bare\nbare\n", "\(run.stdout)")
    }

    @Test func diffShowsHowOutputsDiffer() throws {
        let lab = try Lab.shared().manifest
        let odd = try #require(lab.hosts(inGroup: "web").first { $0.name == "web02" })
        let run = try chorus(Self.base(lab) + ["--diff", "-w", "web[01-04]",
                                               "echo same; case \"$SSH_CONNECTION\" in *\" \(odd.address) \"*) echo odd;; *) echo even;; esac"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "--- web[01,03-04] (3)\n+++ web02 (1)\n@@ -1,2 +1,2 @@\n same\n-even\n+odd\n", "\(run.stdout)")
        let same = try chorus(Self.base(lab) + ["--diff", "-w", "web[01-03]", "echo", "alike"])
        #expect(same.stdout == "all 3 hosts printed the same output\n", "\(same.stdout)")
        let both = try chorus(Self.base(lab) + ["--diff", "-b", "-w", "web01", "true"])
        #expect(both.status == 2 && both.stderr.contains("--diff shows differences"), "\(both.stderr)")
    }
}
