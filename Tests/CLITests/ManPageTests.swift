import Foundation
import LabSupport
import Testing

/// The man pages and `--help` agree: every option the parser accepts is documented.
@Suite struct ManPageTests {
    static func page(_ name: String) throws -> String {
        try String(contentsOf: LabScript.repositoryRoot.appendingPathComponent("man/\(name)"), encoding: .utf8)
            .replacingOccurrences(of: "\\-", with: "-")
    }

    @Test func chorusPageDocumentsEveryOptionAndSubcommand() throws {
        let page = try Self.page("chorus.1")
        let help = CapturedRun(["--help"]).out
        let options = help.split(separator: "\n").compactMap { line -> [String]? in
            guard line.hasPrefix("  -") else { return nil }
            return line.split(separator: " ").map(String.init).filter { $0.hasPrefix("-") }.map { $0.trimmingCharacters(in: .punctuationCharacters.subtracting(["-"])) }
        }.flatMap { $0 }
        #expect(options.count >= 20, "help lists the options")
        for option in options {
            #expect(page.contains(option), "man/chorus.1 does not mention \(option)")
        }
        for subcommand in ["hosts", "groups", "put", "get", "batch_run", "batch_scp", "help", "completions", "--checksum", "--per-host", "--preserve"] {
            #expect(page.contains(subcommand))
        }
        for status in ["0", "2", "3", "4", "5"] {
            #expect(page.contains(".B \(status)\n"), "exit status \(status) undocumented")
        }
    }

    @Test func inventoryPageExists() throws {
        #expect(try Self.page("chorus-inventory.5").contains(".SH SEARCH ORDER"))
    }
}
