@testable import Broadcasting
@testable import ChorusCLI
import Foundation
import LabSupport
import Testing

/// One-letter options in one word, as clush and pdcp take them (`-bw web`, `-rp`), read as
/// getopt reads them; the legacy single-dash words of `batch_run`/`batch_scp` unchanged.
@Suite struct BundledFlagTests {
    static let topLevel = ArgumentScanner(specs: ChorusMain.topLevelSpecs)

    static func scanned(_ words: [String], _ scanner: ArgumentScanner = topLevel) throws -> [String] {
        try scanner.scan(words).options.map { "\($0.spelling)=\($0.value ?? "")" }
    }

    @Test(arguments: [
        (["-bw", "web"], ["-b=", "-w=web"]),
        (["-bwweb"], ["-b=", "-w=web"]),
        (["-Sw", "web"], ["-S=", "-w=web"]),
        (["-bSA"], ["-b=", "-S=", "-A="]),
        (["-wb"], ["-w=b"]),
        (["-bw", "web", "-x", "web02"], ["-b=", "-w=web", "-x=web02"]),
        (["-Bf8"], ["-B=", "-f=8"]),
    ])
    func aBundleIsEachOfItsLetters(words: [String], expected: [String]) throws {
        #expect(try Self.scanned(words) == expected)
    }

    @Test func putTakesRecursiveAndPreserveTogether() throws {
        let scanner = ArgumentScanner(specs: Subcommands.put.acceptedOptions)
        #expect(try Self.scanned(["-rp", "-Lw", "web"], scanner) == ["-r=", "-p=", "-L=", "-w=web"])
    }

    @Test func legacySingleDashWordsAreNotBundles() throws {
        let batchRun = ArgumentScanner(specs: Subcommands.batchRun.acceptedOptions)
        #expect(try Self.scanned(["-h", "h1", "-cmd", "df -h"], batchRun) == ["-h=h1", "-cmd=df -h"])
        let batchScp = ArgumentScanner(specs: Subcommands.batchScp.acceptedOptions)
        #expect(try Self.scanned(["-action", "put", "-local", "a", "-remote", "/tmp/", "-rp"], batchScp)
                == ["-action=put", "-local=a", "-remote=/tmp/", "-r=", "-p="])
    }

    @Test(arguments: [
        (["-bz"], "unknown option '-z' in '-bz'"),
        (["-bq", "web"], "unknown option '-q' in '-bq'"),
        (["-bw"], "option -w (in '-bw') needs a value (PATTERN)"),
        (["--gatherw"], "unknown option '--gatherw' — did you mean '--gather'?"),
    ])
    func aBadBundleNamesItsLetter(words: [String], message: String) {
        #expect(throws: UsageError(message)) { try Self.topLevel.scan(words) }
    }

    /// A typo of a legacy word that starts with a one-letter option still suggests the word.
    @Test func aTypoOfALegacyWordSuggestsIt() {
        let batchScp = ArgumentScanner(specs: Subcommands.batchScp.acceptedOptions)
        #expect(throws: UsageError("unknown option '-e' in '-remot' — did you mean '-remote'?")) {
            try batchScp.scan(["-remot", "/tmp"])
        }
        #expect(throws: UsageError("unknown option '-acton' — did you mean '-action'?")) {
            try batchScp.scan(["-acton", "put"])
        }
    }

    /// Through the binary against the lab: `-bw web01,web02` gathers both hosts' output.
    @Test func theBinaryTakesABundle() throws {
        let lab = try Lab.shared().manifest
        let run = try chorus(OneShotTests.labArguments(lab) + ["-bw", "web01,web02", "echo", "same"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("web[01-02] (2)") && run.stdout.contains("same\n"), "\(run.stdout)")
        #expect(!run.stdout.contains("web01: same"), "\(run.stdout)")
    }
}
