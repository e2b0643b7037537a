@testable import Broadcasting
@testable import ChorusCLI
import Foundation
import Inventory
import LabSupport
import Testing

/// The bash completion script, run by a real bash against the sample inventory (or a
/// given one), with the COMP_* variables bash itself would set.
@Suite struct CompletionTests {
    /// COMPREPLY for a command line completed at its end.
    static func complete(_ line: String, inventory: String? = nil) throws -> [String] {
        let script = LabScript.repositoryRoot.appendingPathComponent("share/completions/chorus.bash").path
        let binaryFolder = URL(fileURLWithPath: BinaryTests.binary).deletingLastPathComponent().path
        let words = bashWords(line)
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(script)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1)
            COMP_LINE='\(line)'; COMP_POINT=\(line.utf8.count)
            _chorus
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var environment = LabScript.environment
        environment["PATH"] = binaryFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CHORUS_INVENTORY"] = inventory
            ?? LabScript.repositoryRoot.appendingPathComponent("conf/inventory.d").path
        let run = try LabScript.runProgram("/bin/bash", ["--norc", "-c", program], environment: environment)
        return run.stdout.split(separator: "\n").map(String.init)
    }

    /// COMP_WORDS as bash fills them with its default COMP_WORDBREAKS: blanks separate
    /// words, and each run of the other break characters (`"'@><=;|&(:`) is a word of its
    /// own, so `-w @web,@d` is `-w`, `@`, `web,`, `@`, `d`. A line ending in a blank
    /// adds an empty word (the one being completed).
    static func bashWords(_ line: String) -> [String] {
        let breaks = Set("\"'@><=;|&(:")
        var words: [String] = [], word = "", inBreaks = false
        for character in line {
            if character == " " || character == "\t" {
                if !word.isEmpty { words.append(word) }
                word = ""
                continue
            }
            if !word.isEmpty && breaks.contains(character) != inBreaks { words.append(word); word = "" }
            inBreaks = breaks.contains(character)
            word.append(character)
        }
        return words + [word]
    }

    /// What bash 5.2 set COMP_WORDS to for these lines (seen with `declare -p` in a
    /// completion function).
    @Test func wordsAreSplitAsBashSplitsThem() {
        #expect(Self.bashWords("chorus -w @web,@d") == ["chorus", "-w", "@", "web,", "@", "d"])
        #expect(Self.bashWords("chorus -w @@d") == ["chorus", "-w", "@@", "d"])
        #expect(Self.bashWords("chorus -w a:=@b") == ["chorus", "-w", "a", ":=@", "b"])
        #expect(Self.bashWords("chorus -w ") == ["chorus", "-w", ""])
        #expect(Self.bashWords("chorus -w @") == ["chorus", "-w", "@"])
    }

    @Test(arguments: [
        ("chorus gr", ["groups"]),
        ("chorus --host-k", ["--host-key-policy"]),
        ("chorus --host-key-policy a", ["accept-new"]),
        ("chorus -w @w", ["@web_clusters"]),
        ("chorus -w web01,db", ["web01,db1", "web01,db2", "web01,db3"]),
        ("chorus -g db", ["db_servers"]),
        ("chorus -o j", ["json"]),
        ("chorus help batch", ["batch_run", "batch_scp"]),
    ])
    func completes(line: String, expected: [String]) throws {
        #expect(try Self.complete(line) == expected)
    }

    /// `@` splits the word in bash, and readline replaces the text from the last `@`: each
    /// reply is what replaces that (`@d` → `@db`).
    @Test(arguments: [
        ("chorus -w @w", ["@web"]),
        ("chorus -w @web,@d", ["@db"]),
        ("chorus -w @web,d", ["@web,db01"]),
        ("chorus -w web01,@", ["@db", "@web"]),
        ("chorus -x @d", ["@db"]),
        ("chorus -g @w", ["@web"]),
        ("chorus -g web,d", ["web,db"]),
        ("chorus -g @web,@d", ["@db"]),
        ("chorus -g ", ["db", "web"]),
    ])
    func groupsAndHostsCompleteAfterAnAt(line: String, expected: [String]) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-complete-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let inventory = folder.appendingPathComponent("inventory.ini")
        let hosts = [("web01", "web"), ("web02", "web"), ("db01", "db")]
        let text = hosts.map { "[\($0.0)]\nhostname = 192.0.2.1\ngroups = \($0.1)\n" }.joined(separator: "\n")
        try text.write(to: inventory, atomically: true, encoding: .utf8)
        #expect(try Self.complete(line, inventory: inventory.path) == expected)
    }

    /// Each subcommand offers its own options (and the global ones), values from closed
    /// lists, a bundle completes as its last letter, and a remote command gets nothing.
    @Test(arguments: [
        ("chorus put --chec", ["--checksum"]),
        ("chorus hosts --ex", ["--expand"]),
        ("chorus groups --ex", []),
        ("chorus batch_scp -action g", ["get"]),
        ("chorus batch_run -h web0", ["web01", "web02", "web03", "web04"]),
        ("chorus completions z", ["zsh"]),
        ("chorus -bw @w", ["@web_clusters"]),
        ("chorus -i conf/inventory.d hos", ["hosts"]),
        ("chorus -w web01 gr", []),
        ("chorus -w web01 uname -", []),
        ("chorus --color ne", ["never"]),
    ])
    func completesByContext(line: String, expected: [String]) throws {
        #expect(try Self.complete(line) == expected)
    }

    /// Every option of every table is offered where it is accepted: a new option cannot
    /// be left out of the script.
    @Test func everyOptionOfEveryTableIsOffered() throws {
        let offered = Set(try Self.complete("chorus -"))
        for spec in ChorusMain.topLevelSpecs {
            #expect(spec.names.allSatisfy(offered.contains), "chorus - lacks \(spec.names)")
        }
        for subcommand in Subcommands.all {
            let offered = Set(try Self.complete("chorus \(subcommand.name) -"))
            for spec in subcommand.acceptedOptions {
                #expect(spec.names.allSatisfy(offered.contains), "chorus \(subcommand.name) - lacks \(spec.names)")
            }
        }
    }

    /// Each closed list of values comes from the enum that validates it.
    @Test func closedListsAreTheParsersOwn() throws {
        #expect(try Self.complete("chorus --host-key-policy ") == RunSettings.HostKeyPolicy.allCases.map(\.rawValue))
        #expect(try Self.complete("chorus -o ") == RunSettings.OutputMode.allCases.map(\.rawValue))
        #expect(try Self.complete("chorus completions ") == ["bash", "zsh", "fish"])
    }
}

/// share/completions holds what `chorus completions SHELL` prints (they are its
/// snapshots: `CHORUS_RECORD_SNAPSHOTS=1 swift test --filter GeneratedCompletionTests`
/// writes them again), and zsh and fish read the scripts without a syntax error.
@Suite struct GeneratedCompletionTests {
    static let folder = LabScript.repositoryRoot.appendingPathComponent("share/completions")

    @Test(arguments: [("bash", "chorus.bash"), ("zsh", "_chorus"), ("fish", "chorus.fish")])
    func committedScriptIsTheGeneratedOne(shell: String, file: String) throws {
        let run = CapturedRun(["completions", shell])
        #expect(run.status == 0 && run.err.isEmpty, "\(run.err)")
        let url = Self.folder.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["CHORUS_RECORD_SNAPSHOTS"] == "1" {
            try run.out.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(run.out == committed, "share/completions/\(file) is not what chorus completions \(shell) prints; record it again")
    }

    @Test(arguments: [("zsh", "_chorus"), ("fish", "chorus.fish")])
    func scriptParses(shell: String, file: String) throws {
        let run = try LabScript.runProgram("/usr/bin/\(shell)", ["-n", Self.folder.appendingPathComponent(file).path])
        #expect(run.status == 0, "\(shell) -n: \(run.stderr)")
    }

    /// fish answers `complete -C LINE` with its candidates, a tab and their description.
    @Test(arguments: [
        ("chorus --host-key-policy ", ["accept-new", "off", "strict"]),
        ("chorus put --chec", ["--checksum"]),
        ("chorus -w @w", ["@web_clusters"]),
        ("chorus -w web01,db", ["web01,db1", "web01,db2", "web01,db3"]),
        ("chorus hel", ["help"]),
        ("chorus completions ", ["bash", "fish", "zsh"]),
    ])
    func fishCompletes(line: String, expected: [String]) throws {
        let script = Self.folder.appendingPathComponent("chorus.fish").path
        var environment = LabScript.environment
        let binaryFolder = URL(fileURLWithPath: BinaryTests.binary).deletingLastPathComponent().path
        environment["PATH"] = binaryFolder + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["CHORUS_INVENTORY"] = LabScript.repositoryRoot.appendingPathComponent("conf/inventory.d").path
        let program = "source '\(script)'; complete -C '\(line)'"
        let run = try LabScript.runProgram("/usr/bin/fish", ["--no-config", "-c", program], environment: environment)
        let candidates = run.stdout.split(separator: "\n").map { String($0.split(separator: "\t", maxSplits: 1)[0]) }
        #expect(candidates.sorted() == expected.sorted(), "\(run.stderr)")
    }
}
