import Foundation
import Glibc
import LabSupport
@testable import SSHConfig
import Testing

/// Chorus's reading against the real `ssh -G -F FILE HOST` (OpenSSH 9.2 here) on a
/// table of configurations and hosts: the same options, or both refusing the file.
/// Needs /usr/bin/ssh (openssh-client, in share/bootstrap): without it the oracle cannot
/// run and these tests fail rather than skip.
@Suite struct DifferentialTests {
    /// A configuration (`DIR` stands for its folder; `extra` files are written beside it)
    /// and the hosts to ask for, each `host` or `user@host` (the user as `-l`).
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let config: String
        var extra: [String: String] = [:]
        let hosts: [String]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "wildcards and negation",
            config: "Host web* !web9 db?\n  User deploy\n  Port 2200\nHost *.example.com\n  User ex\nHost *\n  User any\n",
            hosts: ["web1", "web9", "db1", "db12", "WEB1", "a.example.com", "other"]),
        Case(
            name: "first wins and HostName",
            config: "Host alias\n  HostName %h.Example.com\n  Port 1\nHost alias *.com\n  Port 2\n  HostName other\n  User u\nHost *\n  HostName fallback\n",
            hosts: ["alias", "x.com", "y", "ALIAS"]),
        Case(
            name: "Match criteria",
            config: """
                Host alias
                  HostName real.example.com
                Match host *.example.com
                  Port 2201
                Match originalhost alias
                  IdentityFile /k/alias
                Match user admin,!root
                  Port 2202
                Match !host real.example.com user deploy
                  Port 2203
                Match localuser root
                  ConnectTimeout 9
                Match canonical
                  User canon
                Match all
                  User dflt

                """,
            hosts: ["alias", "other", "admin@other", "deploy@other", "deploy@alias", "root@other"]),
        Case(
            name: "final pass",
            config: "Host alias\n  HostName Real\nHost real\n  User second\n  Port 7\nMatch final host real\n  ConnectTimeout 5\nMatch canonical\n  BatchMode yes\n",
            hosts: ["alias", "real", "other"]),
        Case(
            name: "CanonicalizeHostname makes a second pass",
            config: "CanonicalizeHostname yes\nHost alias\n  HostName Real\nHost real\n  User second\nMatch canonical\n  Port 9\n",
            hosts: ["alias", "other"]),
        Case(
            name: "Include inside a Host block",
            config: "Host web*\n  Include DIR/inc/*.conf\n  Port 2201\nHost *\n  User last\n",
            extra: ["inc/a.conf": "User included\nHost db1\n  Port 3306\n", "inc/b.conf": "IdentityFile /k/b\nMatch host web2\n  Port 2\n"],
            hosts: ["web1", "web2", "db1", "x"]),
        Case(
            name: "syntax: equals, quotes, comments",
            config: """
                # a comment
                   # indented
                Host=a
                User = "quoted user" # trailing
                Port=2222
                IdentityFile "/k/with space"   # trailing
                IdentityFile /k/a#b
                Host b
                  StrictHostKeyChecking=accept-new
                  IdentityFile '/k/single quoted'
                  IdentityFile /k/esc\\ aped
                Host c
                  HostName "c.example.com"#x
                """,
            hosts: ["a", "b", "c"]),
        Case(
            name: "identity files accumulate",
            config: "Host web1\n  IdentityFile /k/1\n  IdentityFile /k/2\nHost *\n  IdentityFile /k/1\n  IdentityFile NONE\n  IdentityFile ~/.ssh/x\n",
            hosts: ["web1", "x"]),
        Case(
            name: "host key checking and jumps",
            config: """
                Host a
                  StrictHostKeyChecking yes
                  ProxyJump j1,u@j2:2022
                Host b
                  StrictHostKeyChecking off
                  ProxyJump none
                Host c
                  StrictHostKeyChecking No
                  ProxyCommand nc %h %p
                  ProxyJump never
                Host d
                  StrictHostKeyChecking ask
                  ProxyJump u@j3 # comment
                Host e
                  StrictHostKeyChecking false
                Host *
                  ProxyJump last
                  StrictHostKeyChecking accept-new
                """,
            hosts: ["a", "b", "c", "d", "e", "f"]),
        Case(
            name: "times and numbers",
            config: """
                Host a
                  ConnectTimeout 1m30s
                  ServerAliveInterval 1h
                  ServerAliveCountMax 0
                Host b
                  ConnectTimeout none
                Host b c
                  ConnectTimeout 0
                  Port ssh
                  BatchMode yes
                  IdentitiesOnly true
                  HashKnownHosts yes
                """,
            hosts: ["a", "b", "c", "d"]),
        Case(
            name: "known hosts files with tokens",
            config: """
                Host a
                  HostName A.example.com
                  User bob
                  Port 2222
                  UserKnownHostsFile ~/kh/%h-%r-%p %d/%u/%n %%literal
                Host b
                  UserKnownHostsFile none
                Host c
                  UserKnownHostsFile /k/%k/%i ~
                """,
            hosts: ["a", "b", "c", "x"]),
        Case(name: "IgnoreUnknown", config: "IgnoreUnknown UseKeychain,Frob*\nUseKeychain yes\nFrobnicate 1\nPort 3\n", hosts: ["a"]),
        Case(name: "IgnoreUnknown in a block", config: "Host a\n  IgnoreUnknown UseKeychain\nHost *\n  UseKeychain yes\n", hosts: ["a", "b"]),
        Case(name: "bad port", config: "Host elsewhere\n  Port abc\n", hosts: ["a"]),
        Case(name: "bad port 0", config: "Port 0\n", hosts: ["a"]),
        Case(name: "negative timeout", config: "ConnectTimeout -1\n", hosts: ["a"]),
        Case(name: "bad flag", config: "BatchMode maybe\n", hosts: ["a"]),
        Case(name: "bad strict", config: "StrictHostKeyChecking sometimes\n", hosts: ["a"]),
        Case(name: "unknown keyword", config: "Frobnicate yes\n", hosts: ["a"]),
        Case(name: "unknown Match attribute", config: "Match frob x\n  Port 1\n", hosts: ["a"]),
        Case(name: "Match all combined", config: "Match all host x\n  Port 1\n", hosts: ["a"]),
        Case(name: "empty Host pattern", config: "Host \"\"\n  Port 1\n", hosts: ["a"]),
        Case(name: "open quote", config: "User \"open\n", hosts: ["a"]),
        Case(name: "none not alone", config: "UserKnownHostsFile /a none\n", hosts: ["a"]),
        Case(name: "extra argument", config: "HostName a b\n", hosts: ["a"]),
        Case(name: "keyword alone", config: "Host a\nUser\n", hosts: ["a"]),
        Case(name: "unknown token used", config: "Host a\n  UserKnownHostsFile /k/%x\n", hosts: ["a", "b"]),
        Case(name: "bad jump", config: "ProxyJump a,b:0\n", hosts: ["a"]),
        Case(name: "Include depth", config: "Include DIR/loop\n", extra: ["loop": "Include DIR/loop\n"], hosts: ["a"]),
    ]

    @Test(arguments: cases) func matchesSSH(_ testCase: Case) throws {
        let folder = try TestFolder()
        for (name, text) in testCase.extra { try folder.write(name, text.replacingAll("DIR", with: folder.root)) }
        let path = try folder.write("config", testCase.config.replacingAll("DIR", with: folder.root))
        _ = try Self.compare(path: path, name: testCase.name, hosts: testCase.hosts)
    }

    /// 200 generated configurations, each asked for three hosts: both must read the same
    /// options, or both refuse. Both outcomes must be well represented.
    @Test func matchesSSHOnGeneratedConfigurations() throws {
        let folder = try TestFolder()
        var random = SeededRandom(seed: 2026)
        var (read, refused) = (0, 0)
        for (name, text) in GeneratedConfigs.includedFiles { try folder.write(name, text) }
        for (index, generated) in GeneratedConfigs.generate(count: 200, seed: 9).enumerated() {
            let text = generated.replacingAll("DIR", with: folder.root)
            let path = try folder.write("gen-\(index)", text)
            let hosts = (0..<3).map { _ in GeneratedConfigs.hosts[random.next(below: GeneratedConfigs.hosts.count)] }
            let outcome = try Self.compare(path: path, name: "generated #\(index):\n\(text)", hosts: hosts)
            read += outcome.read
            refused += outcome.refused
        }
        #expect(read > 150 && refused > 50, "read \(read), refused \(refused)")
    }

    /// ssh reads 16 levels of Include below the file and refuses the 17th; so does Chorus.
    @Test func includeDepthLimitMatchesSSH() throws {
        let folder = try TestFolder()
        for level in 0..<17 { try folder.write("d\(level)", "Include \(folder.root)/d\(level + 1)\n") }
        try folder.write("d16", "Port 16\n")
        #expect(try Self.compare(path: folder.path("d0"), name: "16 deep", hosts: ["a"]) == (1, 0))
        try folder.write("d16", "Include \(folder.root)/d17\n")
        try folder.write("d17", "Port 17\n")
        #expect(try Self.compare(path: folder.path("d0"), name: "17 deep", hosts: ["a"]) == (0, 1))
    }

    /// Compares every host of one file; counts the answers read and refused (by both).
    static func compare(path: String, name: String, hosts: [String]) throws -> (read: Int, refused: Int) {
        var (read, refused) = (0, 0)
        let (localUser, home) = Self.localAccount()
        for spec in hosts {
            let parts = spec.split(separator: "@", maxSplits: 1).map(String.init)
            let (user, host) = parts.count == 2 ? (Optional(parts[0]), parts[1]) : (nil, spec)
            let expected = try SSHOracle.dump(config: path, host: host, user: user)
            let ours: SSHHostOptions?
            do {
                let config = try SSHConfig.load(files: [.commandLine(path)], context: SSHConfigContext(home: home))
                ours = try config.resolve(host: host, remoteUserFromCommandLine: user, localUser: localUser, home: home)
            } catch {
                #expect(expected == nil, "\(name) \(spec): chorus refused (\(error)), ssh did not")
                refused += 1
                continue
            }
            guard let expected, let ours else {
                Issue.record("\(name) \(spec): ssh refused the configuration, chorus read it")
                continue
            }
            read += 1
            let mine = Self.asSSHPrints(ours, localUser: localUser, home: home)
            var theirs = expected
            // ssh -G prints identity files as written: drop `none`, expand `~/` as ssh does later.
            theirs["identityfile"] = expected["identityfile"]?.filter { $0.lowercased() != "none" }.map {
                $0.hasPrefix("~/") ? home + "/" + $0.dropFirst(2) : $0
            }
            // Printed only when set: compared both ways.
            for key in Set(mine.keys).union(["proxyjump", "identityagent"]) where (theirs[key] ?? []) != (mine[key] ?? []) {
                let value = mine[key] ?? []
                Issue.record("\(name) \(spec): \(key) chorus \(value), ssh \(theirs[key] ?? [])")
            }
        }
        return (read, refused)
    }

    /// Our options in the words `ssh -G` prints, ssh's defaults standing in for nil.
    static func asSSHPrints(_ options: SSHHostOptions, localUser: String, home: String) -> [String: [String]] {
        let yesNo = { (value: Bool?) in [value == true ? "yes" : "no"] }
        var printed: [String: [String]] = [
            "hostname": [options.host], "user": [options.user?.value ?? localUser],
            "port": [String(options.port?.value ?? 22)],
            "stricthostkeychecking": [strictWord(options.strictHostKeyChecking?.value)],
            "connecttimeout": [options.connectTimeout.map { String($0.value) } ?? "none"],
            "batchmode": yesNo(options.batchMode?.value), "identitiesonly": yesNo(options.identitiesOnly?.value),
            "hashknownhosts": yesNo(options.hashKnownHosts?.value),
            "serveralivecountmax": [String(options.serverAliveCountMax?.value ?? 3)],
        ]
        let knownHosts = options.userKnownHostsFiles?.value ?? [home + "/.ssh/known_hosts", home + "/.ssh/known_hosts2"]
        printed["userknownhostsfile"] = [knownHosts.isEmpty ? "none" : knownHosts.joined(separator: " ")]
        // Unset, Debian's ssh makes it 300 with BatchMode: a default, not the configuration.
        if let interval = options.serverAliveInterval { printed["serveraliveinterval"] = [String(interval.value)] }
        let global = options.globalKnownHostsFiles?.value ?? ["/etc/ssh/ssh_known_hosts", "/etc/ssh/ssh_known_hosts2"]
        printed["globalknownhostsfile"] = [global.isEmpty ? "none" : global.joined(separator: " ")]
        switch options.identityAgent?.value {
        case .none?: printed["identityagent"] = ["none"]
        case .environment(let name)?: printed["identityagent"] = [name == "SSH_AUTH_SOCK" ? name : "$" + name]
        case .path(let path)?: printed["identityagent"] = [path]
        case nil: break
        }
        if case .hops(let hops) = options.proxyJump?.value { printed["proxyjump"] = [hops.joined(separator: ",")] }
        if let files = options.identityFiles {
            printed["identityfile"] = files.map(\.value)
        }
        return printed
    }

    static func strictWord(_ value: SSHStrictHostKeyChecking?) -> String {
        switch value {
        case .yes: "true"
        case .no: "false"
        case .acceptNew: "accept-new"
        case .ask, nil: "ask"
        }
    }

    static func localAccount() -> (String, String) {
        let account = SSHLocalAccount.current()
        return (account?.user ?? "root", account?.home ?? "/root")
    }
}
