@testable import Broadcasting
@testable import ChorusCLI
import Foundation
import LabSupport
@testable import SSHClient
import Testing
@testable import WorkerRuntime

/// What a file name, a hostile host or an untrusted tree can do to a transfer: nothing
/// runs on the host, nothing climbs out of its folder, no set-uid file lands here, no
/// symlink is followed unasked, and long names still fit their temporary names.
@Suite struct TransferTrustTests {
    static func args(_ lab: LabManifest) -> [String] { OneShotTests.labArguments(lab) }

    /// A `'` followed by U+0301 is one Character: quoting on Characters left the quote
    /// bare, and `sha256sum` (--checksum) or `mv -f` (replacing) ran the rest on the host.
    @Test func aQuoteWithACombiningMarkInAFileNameRunsNothingOnTheHost() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        let marker = "PWNED-\(UUID().uuidString)"
        let hostile = "x'\u{301}; touch \(marker); echo '\u{301}"
        try local.write("tree/" + hostile, Data("data\n".utf8))
        for round in 1...2 {  // the second put replaces the file (mv -f on the host)
            let put = try chorus(Self.args(lab) + ["put", "-w", "web01", "-r", "--checksum", local.path("tree"), remote.dir + "/"])
            #expect(put.status == 0, "round \(round): \(put.stderr)")
        }
        #expect(remote.contents("tree/" + hostile) == Data("data\n".utf8))
        let check = try chorus(Self.args(lab) + ["-w", "web01", "test ! -e \(marker) && test ! -e \(remote.dir)/tree/\(marker)"])
        #expect(check.status == 0, "the host ran the name's command: \(check.stdout)")
    }

    /// Names from a host are split on bytes: `../\u{301}x` is `..` and `\u{301}x` to the
    /// file system, so it climbs (Characters saw one component `../́x`).
    @Test(arguments: [
        ("../\u{301}x", false), ("a/../\u{301}x", false), ("a/\u{301}/../../b", false), ("/\u{301}etc", false),
        ("..", false), ("a//b", false), ("a/./b", false), ("\u{301}..", true), ("..\u{301}", true), ("a\u{301}/b", true),
        ("ok/name", true),
    ])
    func hostNamesAreCheckedOnBytes(relative: String, safe: Bool) {
        #expect(HostTransfer.isSafe(relative) == safe)
    }

    @Test(arguments: [
        ("web01", "web01"), ("a/\u{301}b", "a_\u{301}b"), ("/\u{301}", "_\u{301}"), ("..", "_"), (".", "_"), ("", "_"),
        ("a\u{0}b", "a_b"), ("..\u{301}", "..\u{301}"),
    ])
    func hostNamesBecomeOneFileName(host: String, name: String) {
        #expect(HostFileName.of(host) == name)
        #expect(LocalFolders.hostFolder(host, in: "/dest") == "/dest/" + name)
    }

    /// Control bytes in names (newline, escape, DEL) are left out with a line each, on
    /// both sides; the rest of the tree goes.
    @Test func namesWithControlCharactersAreLeftOutWithALineEach() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        for name in ["good", "new\nline", "esc\u{1B}[31m", "del\u{7F}"] { try local.write("tree/" + name, Data("x\n".utf8)) }

        let put = try chorus(Self.args(lab) + ["put", "-w", "web01", "-r", local.path("tree"), remote.dir])
        #expect(put.status == 0, "\(put.stderr)")
        for shown in ["new\\x0aline", "esc\\x1b[31m", "del\\x7f"] {
            #expect(put.stderr.contains("chorus: skipped \(local.path("tree"))/\(shown): the name holds a control character\n"),
                    "\(put.stderr)")
        }
        #expect(try remote.names(in: "tree") == ["good"])

        try remote.write("tree/new\nline", Data("x\n".utf8))
        try remote.write("tree/tab\tname", Data("x\n".utf8))
        let get = try chorus(Self.args(lab) + ["get", "-w", "web01", "-r", remote.path("tree"), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        for shown in ["new\\x0aline", "tab\\x09name"] {
            #expect(get.stderr.contains("skipped \(remote.path("tree"))/\(shown): the name holds a control character"),
                    "\(get.stderr)")
        }
        #expect(try fetched.names(in: "web01/tree") == ["good"])
    }

    static func processUmask() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("Umask:") })
        return try #require(Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces), radix: 8))
    }

    /// A host can report any mode; a get never makes a set-uid (or world-writable beyond
    /// the umask) file here.
    @Test func aSetUIDFileOnTheHostArrivesWithoutItsSpecialBits() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        try local.write("tool", Data("#!/bin/sh\n".utf8))
        #expect(try chorus(Self.args(lab) + ["put", "-w", "web01", local.path("tool"), remote.dir + "/"]).status == 0)
        let chmod = try chorus(Self.args(lab) + ["-w", "web01", "chmod 4777 \(remote.path("tool"))"])
        #expect(chmod.status == 0, "\(chmod.stderr)")
        #expect(try remote.mode("tool") == 0o4777, "the host's file is set-uid and world-writable")
        let mask = try Self.processUmask()

        let plain = try chorus(Self.args(lab) + ["get", "-w", "web01", remote.path("tool"), fetched.path("plain")])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(try fetched.mode("plain/web01/tool") == 0o777 & ~mask)
        let kept = try chorus(Self.args(lab) + ["get", "-w", "web01", "-p", remote.path("tool"), fetched.path("kept")])
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try fetched.mode("kept/web01/tool") == 0o777 & ~(mask & 0o022))
    }

    /// `put -r` leaves symlinks out unless -L; with -L the file a link points to is sent.
    @Test func symlinksInATreeAreLeftOutUnlessDashL() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch()
        defer { [local, remote].forEach { $0.remove() } }
        try local.write("secret", Data("not for hosts\n".utf8))
        try local.write("tree/plain", Data("ok\n".utf8))
        try FileManager.default.createSymbolicLink(atPath: local.path("tree/shadow"), withDestinationPath: local.path("secret"))

        let put = try chorus(Self.args(lab) + ["put", "-w", "web01", "-r", local.path("tree"), remote.path("plain")])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(put.stderr == "chorus: skipped \(local.path("tree/shadow")): a symlink (not followed; -L sends the file it points to)\n")
        #expect(try remote.names(in: "plain") == ["plain"])

        let follow = try chorus(Self.args(lab) + ["put", "-w", "web01", "-r", "-L", local.path("tree"), remote.path("followed")])
        #expect(follow.status == 0, "\(follow.stderr)")
        #expect(remote.contents("followed/shadow") == Data("not for hosts\n".utf8))
    }

    /// A 250-byte name (125 × `é`) cannot take 29 more bytes: the temporary name keeps
    /// a shortened copy of it (cut between characters) and stays within NAME_MAX.
    @Test func aTwoHundredFiftyByteNameGoesBothWays() throws {
        let lab = try Lab.shared().manifest
        let local = try Scratch(), remote = try Scratch(), fetched = try Scratch()
        defer { [local, remote, fetched].forEach { $0.remove() } }
        let name = String(repeating: "é", count: 125)
        #expect(name.utf8.count == 250)
        try local.write(name, Data("long\n".utf8))
        let put = try chorus(Self.args(lab) + ["put", "-w", "web01", "--checksum", local.path(name), remote.dir + "/"])
        #expect(put.status == 0, "\(put.stderr)")
        #expect(remote.contents(name) == Data("long\n".utf8))
        let get = try chorus(Self.args(lab) + ["get", "-w", "web01", "--checksum", remote.path(name), fetched.dir])
        #expect(get.status == 0, "\(get.stderr)")
        #expect(fetched.contents("web01/" + name) == Data("long\n".utf8))
        #expect(try remote.names() == [name] && fetched.names(in: "web01") == [name], "no temporary file left")

        let temporary = SFTPTransfer.temporaryPath(for: "/d/" + name)
        let temporaryName = String(temporary.dropFirst(3))
        #expect(temporaryName.utf8.count == 255 && temporaryName.hasPrefix("." + String(repeating: "é", count: 113) + ".chorus-"))
    }
}
