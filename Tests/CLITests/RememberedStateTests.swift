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

/// `:hosts` lines up its columns and says how the last command ended, code included.
@Suite struct HostsListingTests {
    @Test func columnsAlignAndTheLastResultHasItsCode() throws {
        let lab = try Lab.shared().manifest
        let web = try #require(lab.hosts(inGroup: "web").first), cache = try #require(lab.hosts(inGroup: "cache").first)
        let run = try chorusScript(":set errexit off\n:select \(web.name),\(cache.name)\n"
            + "case \"$SSH_CONNECTION\" in *\" \(cache.address) \"*) exit 7;; esac\n:hosts\n", lab: lab)
        let rows = run.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.contains("last: ") }
        #expect(rows.count == 2, "\(run.stdout)")
        let columns = Set(rows.map { $0.distance(from: $0.startIndex, to: $0.range(of: "last: ")!.lowerBound) })
        #expect(columns.count == 1, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("  \(cache.name) ") && $0.hasSuffix("last: exited 7") }, "\(rows)")
        #expect(rows.contains { $0.hasPrefix("  \(web.name) ") && $0.hasSuffix("last: ok") }, "\(rows)")
    }
}

/// A get that fails on a host leaves no empty `DEST/HOST/` behind; a folder that was
/// there before stays.
@Suite struct FailedGetFolderTests {
    @Test func aFailedHostLeavesNoEmptyFolder() throws {
        let lab = try Lab.shared().manifest
        let remote = try Scratch(), fetched = try Scratch()
        defer { [remote, fetched].forEach { $0.remove() } }
        try remote.write("there.txt", Data("here\n".utf8))
        try FileManager.default.createDirectory(atPath: fetched.path("web03"), withIntermediateDirectories: true)
        let missing = try chorus(OneShotTests.labArguments(lab) + ["get", "-w", "web[02-03]", remote.path("missing.txt"), fetched.dir])
        #expect(missing.status == 4, "\(missing.stderr)")
        #expect(try fetched.names() == ["web03"], "web02's new folder is gone, web03's old one stays")
        let found = try chorus(OneShotTests.labArguments(lab) + ["get", "-w", "web02", remote.path("there.txt"), fetched.dir])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(try fetched.names() == ["web02", "web03"])
    }
}

/// `top` and `vi` on many hosts: one line saying why and what to do, nothing run.
@Suite struct TerminalCommandRefusalTests {
    @Test func oneShotAndShellRefuseWithOneLine() throws {
        let lab = try Lab.shared().manifest
        let oneShot = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "top"])
        #expect(oneShot.status == 2 && oneShot.stdout.isEmpty, "\(oneShot.stderr)")
        #expect(oneShot.stderr == "chorus: 'top' needs a terminal: run 'top -b' for a plain listing, or give it one with --pty "
            + "(:set pty on; Ctrl-C ends it)\n")
        let shell = try chorusScript(":set errexit off\n:select web01\n:set pty on\nvi /etc/hosts\ntop -b -n 1 | head -1\n", lab: lab)
        #expect(shell.stderr.contains("'vi' reads keys from the terminal"), "\(shell.stderr)")
        #expect(shell.stdout.contains("web01: top - "), "\(shell.stdout)")
    }
}

/// An inventory is input: a hostname holding an escape sequence is shown escaped by
/// `:hosts` and `:info`, never sent to the terminal as it is.
@Suite struct HostileInventoryListingTests {
    @Test func escapesInAHostnameAreShownNotObeyed() throws {
        let lab = try Lab.shared().manifest
        let inventory = try ScratchInventory(copying: lab)
        defer { inventory.remove() }
        try inventory.addGroup("odd", ["[odd01]\nhostname = 10.0.0.1\u{1B}]0;owned\u{07}\n"])
        let run = try chorusScript(":select odd01\n:hosts\n:info odd01\n", lab: lab, environment: ["CHORUS_INVENTORY": inventory.path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}") && !run.stdout.contains("\u{07}"), "\(run.stdout)")
        #expect(run.stdout.components(separatedBy: "10.0.0.1\\x1b]0;owned\\x07").count - 1 == 2, "\(run.stdout)")
    }
}
