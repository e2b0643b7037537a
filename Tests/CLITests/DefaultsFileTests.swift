import Foundation
import LabSupport
import Testing

/// chorus.conf: the operator's defaults, below the inventory, the command line and
/// `:set`, shown with their origin by `:set`; a bad or loose file is refused.
@Suite struct DefaultsFileTests {
    static func withConfig(_ text: String, mode: Int = 0o600, _ body: (String) throws -> Void) throws {
        let folder = try Scratch()
        defer { folder.remove() }
        try folder.write("chorus.conf", Data(text.utf8), mode: mode)
        try body(folder.path("chorus.conf"))
    }

    @Test func setShowsEachValueWithWhereItCameFrom() throws {
        let lab = try Lab.shared().manifest
        try Self.withConfig("[defaults]\nfanout = 7\ncolor = never\nhost_key_policy = strict\n") { config in
            let run = try chorusScript(":set\n", lab: lab, environment: ["CHORUS_CONFIG": config])
            #expect(run.status == 0, "\(run.stderr)")
            let lines = run.stdout.split(separator: "\n").map(String.init)
            #expect(lines.contains { $0.hasPrefix("fanout = 7 ") && $0.hasSuffix("(\(config):2)") }, "\(run.stdout)")
            #expect(lines.contains { $0.hasPrefix("host_key_policy = strict ") && $0.hasSuffix("(\(config):4)") }, "\(run.stdout)")
            #expect(lines.contains { $0.hasPrefix("pty = off ") && $0.hasSuffix("(built in)") }, "\(run.stdout)")
            let overridden = try LabScript.runProgram("/bin/sh", ["-c", "printf ':set fanout\\n:set fanout 9\\n:set\\n' | '\(BinaryTests.binary)' -f 8"],
                environment: LabScript.environment.merging([
                    "CHORUS_CONFIG": config, "CHORUS_INVENTORY": lab.inventory, "CHORUS_KNOWN_HOSTS": lab.knownHosts]) { $1 })
            #expect(overridden.stdout.hasPrefix("fanout = 8\n"), "the command line outranks chorus.conf: \(overridden.stdout)")
            #expect(overridden.stdout.contains("(:set)"), "\(overridden.stdout)")
        }
    }

    @Test func aDefaultReachesAOneShotRun() throws {
        let lab = try Lab.shared().manifest
        // A connect timeout of 0.2 s from chorus.conf: a listener that never answers is given up on quickly.
        try Self.withConfig("[defaults]\noutput = json\n") { config in
            let run = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "echo", "hi"], environment: ["CHORUS_CONFIG": config])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.hasPrefix("{") && run.stdout.contains("\"stdout\":\"hi\\n\""), "\(run.stdout)")
        }
    }

    @Test func badFilesAreRefusedWithFileAndLine() throws {
        let lab = try Lab.shared().manifest
        let cases: [(String, Int, String)] = [
            ("[defaults]\nfanot = 3\n", 0o600, ":2: unknown setting"),
            ("[defaults]\nfanout = many\n", 0o600, ":2: "),
            ("[other]\nfanout = 3\n", 0o600, ":1: unknown section [other]"),
            ("[defaults]\nsudo = on\n", 0o600, ":2: sudo cannot be a default"),
            ("[defaults]\nhost_key_policy = off\n", 0o666, "not read, since others may write it"),
        ]
        for (text, mode, message) in cases {
            try Self.withConfig(text, mode: mode) { config in
                let run = try chorus(OneShotTests.labArguments(lab) + ["-w", "web01", "true"], environment: ["CHORUS_CONFIG": config])
                #expect(run.status == 2, "\(text)")
                #expect(run.stderr.hasPrefix("chorus: \(config)") && run.stderr.contains(message), "\(run.stderr)")
            }
        }
    }
}
