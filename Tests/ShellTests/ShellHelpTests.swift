@testable import Shell
import Testing

/// `:help` is generated from the same table the parser uses.
@Suite struct ShellHelpTests {
    @Test func overviewListsEveryCommandWithUsage() {
        let overview = ShellHelp.overview
        for spec in ControlCommandTable.all {
            let line = overview.split(separator: "\n").first { $0.hasPrefix("  " + spec.usage + " ") }
            #expect(line?.hasSuffix(spec.summary) == true, "missing \(spec.usage)")
        }
        #expect(overview.contains("@PATTERN COMMAND"))
        #expect(overview.contains("!COMMAND"))
    }

    @Test(arguments: ControlCommandTable.all.map(\.name))
    func everyCommandHasHelpAndParsesItsName(name: String) throws {
        guard case .control(.help(let topic)) = try ShellParser.parse(":help \(name)") else {
            Issue.record("':help \(name)' is not a help command")
            return
        }
        #expect(topic == name)
        let text = ShellHelp.text(forTopic: topic)
        #expect(text.hasPrefix("usage: :\(name)"))
        #expect(!(ControlCommandTable.spec(named: name)?.summary.isEmpty ?? true))
    }

    /// `:help cd` explains what the shell remembers, instead of `unknown command ':cd'`.
    @Test(arguments: ["cd", "export", "unset"])
    func rememberedLineWordsHaveHelp(word: String) throws {
        guard case .control(.help(let topic)) = try ShellParser.parse(":help \(word)") else {
            Issue.record("':help \(word)' is not a help command")
            return
        }
        let text = ShellHelp.text(forTopic: topic)
        #expect(text.contains("remembered") && text.contains("not kept"), "\(text)")
        #expect(throws: ShellParseError.self) { try ShellParser.parse(":help :cd") }
    }

    @Test func setHelpListsEverySetting() {
        let text = ShellHelp.text(forTopic: "set")
        for spec in SettingSpec.all {
            #expect(text.contains("  \(spec.name)"))
            #expect(text.contains(spec.expected))
        }
    }

    /// One header line, one line per command, one per other form.
    @Test func overviewShape() {
        let lines = ShellHelp.overview.split(separator: "\n")
        #expect(lines.count == 1 + ControlCommandTable.all.count + ShellHelp.otherForms.count)
        #expect(lines[1] == "  :select PATTERN                make PATTERN the selection that lines run on")
    }
}
