@testable import Broadcasting
@testable import ChorusCLI
import Foundation
import Inventory
import LabSupport
import Testing

/// Parsing and the top-level modes, through `ChorusMain.run` with a collecting console.
@Suite struct CommandLineTests {
    /// Through the binary: the executable, the only part linked to libssh2, names it.
    @Test func versionNamesChorusAndTheLoadedLibssh2() throws {
        let run = try chorus(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout.hasPrefix("chorus \(ChorusVersion.current) (libssh2 1."), "\(run.stdout)")
        #expect(run.stderr.isEmpty)
    }

    @Test(arguments: [["--help"], ["-h"], [], ["help"]])
    func helpListsEveryGlobalOption(arguments: [String]) {
        let run = CapturedRun(arguments)
        #expect(run.status == 0)
        for spec in RunSettings.specs {
            #expect(run.out.contains(spec.synopsis), "help lacks \(spec.synopsis)")
        }
    }

    @Test(arguments: [
        (["--inventroy", "x"], "chorus: unknown option '--inventroy' — did you mean '--inventory'?\n"),
        (["-f", "0", "help"], "chorus: option -f expects a whole number of at least 1, got '0'\n"),
        (["help", "-t", "soon"], "chorus: option -t expects a number of seconds above 0 and at most 4294967 (about 49 days), got 'soon'\n"),
        (["help", "-u", "1e300"], "chorus: option -u expects a number of seconds above 0 and at most 4294967 (about 49 days), got '1e300'\n"),
        (["help", "--keepalive", "9223372036854775807"],
         "chorus: option --keepalive expects a number of seconds above 0 and at most 4294967 (about 49 days), got '9223372036854775807'\n"),
        (["help", "--host-key-policy", "lax"], "chorus: option --host-key-policy expects one of strict, accept-new, off, got 'lax'\n"),
        (["help", "-i"], "chorus: option -i needs a value (PATH)\n"),
        (["hlep"], "chorus: unknown subcommand 'hlep' — did you mean 'help'? (see chorus --help)\n"),
        (["help", "nothing"], "chorus: no help for 'nothing': not a subcommand\n"),
    ])
    func badInputIsOneLineAndExitTwo(arguments: [String], message: String) {
        let run = CapturedRun(arguments)
        #expect(run.status == 2)
        #expect(run.err == message)
        #expect(run.out.isEmpty)
    }
}

/// The scanner alone: spellings, values, `--` and where one-shot mode stops.
@Suite struct ArgumentScannerTests {
    let scanner = ArgumentScanner(specs: RunSettings.specs + [OptionSpec(["-b"], key: "gather", help: "")])

    @Test(arguments: [
        (["-i", "inv"], "inventory", "inv"), (["-iinv"], "inventory", "inv"),
        (["--inventory", "inv"], "inventory", "inv"), (["--inventory=inv"], "inventory", "inv"),
        (["-f", "8"], "fanout", "8"), (["--color=never"], "color", "never"),
    ])
    func spellingsOfAValue(words: [String], key: String, value: String) throws {
        let result = try scanner.scan(words)
        #expect(result.options == [ParsedOption(key: key, spelling: result.options.first?.spelling ?? "", value: value)])
        #expect(result.positionals.isEmpty)
    }

    @Test func oneShotStopsAtTheFirstWordAndKeepsTheRestVerbatim() throws {
        let result = try scanner.scan(["-f", "4", "-b", "uname", "-n", "--all"], stopAtFirstPositional: true)
        #expect(result.options.map(\.key) == ["fanout", "gather"])
        #expect(result.rest == ["uname", "-n", "--all"])
    }

    @Test func doubleDashEndsOptions() throws {
        let result = try scanner.scan(["-b", "--", "-i", "x"])
        #expect(result.sawTerminator)
        #expect(result.rest == ["-i", "x"])
    }

    @Test func lonelyDashAndNegativeNumbersAreWords() throws {
        #expect(try scanner.scan(["-", "-5"]).positionals == ["-", "-5"])
    }

    @Test func flagsRefuseAttachedValues() {
        #expect(throws: UsageError("option --help takes no value")) {
            try ArgumentScanner(specs: [OptionSpec(["--help"], key: "help", help: "")]).scan(["--help=yes"])
        }
    }
}

/// Global options mean the same before and after the subcommand.
@Suite struct GlobalOptionPlacementTests {
    @Test func beforeAndAfterTheSubcommandAgree() throws {
        let before = try parsedGlobals(["-i", "inv", "-f", "3", "--color", "never", "help"])
        let after = try parsedGlobals(["help", "-i", "inv", "-f", "3", "--color", "never"])
        #expect(before == after)
        #expect(before.inventoryPath == "inv")
        #expect(before.fanout == 3)
        #expect(before.color == .never)
    }

    @Test func defaultsFollowOpenSSHHabits() {
        let defaults = RunSettings()
        #expect(defaults.givenHostKeyPolicy == nil && HostKeyPolicyPrecedence.effective(defaults, inventory: nil) == .acceptNew)
        #expect(defaults.commandTimeout == nil)
        #expect(defaults.output == .live)
    }

    private func parsedGlobals(_ words: [String]) throws -> RunSettings {
        let specs = RunSettings.specs
        let leading = try ArgumentScanner(specs: specs).scan(words, stopAtFirstPositional: true)
        let trailing = try ArgumentScanner(specs: specs).scan(Array(leading.rest.dropFirst()))
        var globals = RunSettings()
        try globals.apply(leading.options + trailing.options)
        return globals
    }
}

/// Runs `ChorusMain` in-process and keeps what it printed.
struct CapturedRun {
    let status: Int32
    let out: String
    let err: String

    init(_ arguments: [String], environment: [String: String] = [:]) {
        let out = Collector(), err = Collector()
        status = ChorusMain.run(
            arguments: arguments, console: Console(out: out.append, err: err.append), environment: environment)
        self.out = out.text
        self.err = err.text
    }
}

/// Text collected from a console stream; locked because `Console` closures are `@Sendable`.
final class Collector: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""

    func append(_ text: String) { lock.withLock { buffer += text } }
    var text: String { lock.withLock { buffer } }
}
