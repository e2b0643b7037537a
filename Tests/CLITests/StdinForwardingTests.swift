import Foundation
import LabSupport
import Testing

/// One-shot mode sends its standard input, when it is not a terminal, to every host's
/// command (as clush does): every byte, then end-of-file, to hosts started at once and to
/// hosts started late behind the fanout; `--no-stdin` and `/dev/null` send nothing; the
/// spool is gone afterwards.
@Suite struct StdinForwardingTests {
    @Test func pipedLinesReachEveryHostThenEndOfFile() throws {
        let lab = try Lab.shared().manifest
        let run = try Self.chorus(input: "printf 'a\\nb\\n'", lab, ["-w", "web[01-03]", "sort", "-r"])
        #expect(run.status == 0, "\(run.stderr)")
        for host in ["web01", "web02", "web03"] {
            let lines = run.stdout.split(separator: "\n").filter { $0.hasPrefix(host + ": ") }
            #expect(lines == ["\(host): b", "\(host): a"], "\(run.stdout)")
        }
    }

    @Test func hostsStartedLateBehindTheFanoutGetEveryByte() throws {
        let lab = try Lab.shared().manifest
        let data = NSTemporaryDirectory() + "chorus-stdin-\(UUID().uuidString)"
        var generator = SeededRandom(seed: 3)
        try Data((0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: URL(fileURLWithPath: data))
        defer { try? FileManager.default.removeItem(atPath: data) }
        let expected = try LabScript.runProgram("/usr/bin/sha256sum", [data]).stdout.prefix(64)
        let spools = try Self.scratchFolder()
        let run = try Self.chorus(input: "cat '\(data)'", lab, ["-f", "1", "-w", "web[01-04]", "sha256sum"], tmp: spools)
        #expect(run.status == 0, "\(run.stderr)")
        for host in ["web01", "web02", "web03", "web04"] {
            #expect(run.stdout.contains("\(host): \(expected)  -"), "\(host): \(run.stdout)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: spools).isEmpty, "the stdin spool was left behind")
    }

    @Test func noStdinAndDevNullSendNothing() throws {
        let lab = try Lab.shared().manifest
        let refused = try Self.chorus(input: "printf 'x\\n'", lab, ["--no-stdin", "-w", "web01", "cat; echo done"])
        #expect(refused.stdout == "web01: done\n", "\(refused.stdout)\(refused.stderr)")
        let null = try Self.chorus(input: "", lab, ["-w", "web01", "cat; echo done"], stdinNull: true)
        #expect(null.stdout == "web01: done\n", "\(null.stdout)\(null.stderr)")
    }

    @Test func anEndlessInputIsReadOnlyAsTheHostsTakeIt() throws {
        let lab = try Lab.shared().manifest
        let run = try Self.chorus(input: "yes", lab, ["-w", "web[01-02]", "head -c 20000000 | wc -c"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.split(separator: "\n").sorted() == ["web01: 20000000", "web02: 20000000"], "\(run.stdout)")
    }

    /// `INPUT | chorus ARGUMENTS` (or `chorus ARGUMENTS </dev/null`) through `sh`.
    static func chorus(input: String, _ lab: LabManifest, _ arguments: [String], tmp: String? = nil,
                       stdinNull: Bool = false) throws -> LabScript.Output {
        let words = (OneShotTests.labArguments(lab) + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
        let line = stdinNull
            ? "'\(BinaryTests.binary)' \(words.joined(separator: " ")) </dev/null"
            : "\(input) | '\(BinaryTests.binary)' \(words.joined(separator: " "))"
        var environment = LabScript.environment
        if let tmp { environment["TMPDIR"] = tmp }
        return try LabScript.runProgram("/bin/sh", ["-c", line], environment: environment)
    }

    static func scratchFolder() throws -> String {
        let path = NSTemporaryDirectory() + "chorus-spools-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// Gathered output (`-b`, `:set gather on`) never hides why a command failed: standard
/// error is shown live, `HOST: LINE` on standard error, as clush -b does; `-B` gathers it.
@Suite struct GatherStderrTests {
    @Test func standardErrorShowsBesideTheGatheredGroups() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(OneShotTests.labArguments(lab) + ["-b", "-w", "web[01-02]", "echo out; ls /nope"])
        #expect(run.status == 5)
        #expect(run.stdout.contains("web[01-02] (2)") && run.stdout.contains("out\n"), "\(run.stdout)")
        for host in ["web01", "web02"] {
            #expect(run.stderr.contains("\(host): ls: cannot access '/nope'"), "\(run.stderr)")
        }
        #expect(!run.stdout.contains("/nope"), "stderr is not gathered without -B")
        let gathered = try chorus(OneShotTests.labArguments(lab) + ["-B", "-w", "web[01-02]", "ls /nope"])
        #expect(gathered.stdout.contains("cannot access '/nope'"), "-B gathers it: \(gathered.stdout)")
        #expect(!gathered.stderr.contains("web01: ls:"), "\(gathered.stderr)")
    }
}
