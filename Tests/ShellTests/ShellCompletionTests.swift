import HostPatterns
import LineEditing
import Testing
@testable import Shell

/// What Tab offers where, from the text before the cursor, against a fixed inventory and
/// a fixed local folder (no terminal, no files).
@Suite struct ShellCompletionTests {
    static let names = CompletionNames(hosts: ["db1", "db2", "web01", "web02"], groups: ["db_servers", "web_clusters"])

    /// Stands for the local folder: `/tmp/u…` and `dir/…` exist; every other word has none.
    static func paths(_ word: String) -> [String] {
        ["/tmp/upload/", "/tmp/users.txt", "dir/a", "dir/b", "dir/sub/"].filter { $0.hasPrefix(word) }
    }

    static func complete(_ before: String) -> [String] {
        ShellCompletion.candidates(before, names: { names }, paths: paths)
    }

    @Test func helpCompletesCommandsNotHosts() {
        #expect(Self.complete(":help ") == ShellHelp.topics)
        #expect(Self.complete(":help ").contains(":select") && Self.complete(":help ").contains(":put"))
        #expect(Self.complete(":help :se") == [":select", ":set"])
        #expect(Self.complete(":he pu") == ["put"])
        #expect(Self.complete(":h pu") == [])  // `:h` is :help, :history or :hosts
        #expect(Self.complete(":help w") == [])
        #expect(Self.complete(":help put ") == [])
    }

    @Test(arguments: ShellHelp.topics)
    func everyHelpTopicIsOneHelpAccepts(topic: String) throws {
        guard case .control(.help(let name)) = try ShellParser.parse(":help \(topic)") else {
            Issue.record("':help \(topic)' is not a help command")
            return
        }
        #expect(name != nil)
    }

    @Test func aLocalCommandsArgumentsAreLocalPaths() {
        #expect(Self.complete("!ls /tmp/u") == ["/tmp/upload/", "/tmp/users.txt"])
        #expect(Self.complete("!cp dir/a di") == ["dir/a", "dir/b", "dir/sub/"])
        #expect(Self.complete("! ls /tmp/us") == ["/tmp/users.txt"])
        #expect(Self.complete("!l") == [])
    }

    @Test func getsRemoteSourceCompletesNothingAndItsDestinationLocalPaths() {
        #expect(CompletionSlot.of(":get /tmp/u") == .nothing)
        #expect(Self.complete(":get /tmp/u") == [])
        #expect(Self.complete(":get -r /tmp/u") == [])
        #expect(Self.complete(":get -- -r /tmp/u") == ["/tmp/upload/", "/tmp/users.txt"])
        #expect(Self.complete(":get /etc/hosts /tmp/u") == ["/tmp/upload/", "/tmp/users.txt"])
        #expect(Self.complete(":ge -p /etc/hosts dir/s") == ["dir/sub/"])
    }

    @Test func putsSourcesCompleteLocalPaths() {
        #expect(Self.complete(":put /tmp/u") == ["/tmp/upload/", "/tmp/users.txt"])
        #expect(Self.complete(":put -r dir/a di") == ["dir/a", "dir/b", "dir/sub/"])
        #expect(Self.complete(":source dir/") == ["dir/a", "dir/b", "dir/sub/"])
        #expect(Self.complete(":source dir/a dir/") == [])
    }

    @Test func aTargetedLinesSelectorCompletesByTheGrammar() {
        #expect(Self.complete("@@d") == ["@@db_servers"])
        #expect(Self.complete("@@") == ["@@db_servers", "@@web_clusters"] + Self.lastSources.map { "@" + $0 })
        #expect(Self.complete("@w") == ["@web01", "@web02"])
        #expect(Self.complete("@web01,@w") == ["@web01,@web_clusters"])
        #expect(Self.complete("@web01,w") == ["@web01,web01", "@web01,web02"])
        #expect(Self.complete("@last:f") == ["@last:failed"])
        #expect(Self.complete("@db1 ls w") == ["web01", "web02"])
    }

    static let lastSources = LastOutcome.allCases.map { "@last:\($0.rawValue)" }

    @Test func patternsCompleteTheirLastPart() {
        #expect(Self.complete(":sel @d") == ["@db_servers"])
        #expect(Self.complete(":add web01,d") == ["web01,db1", "web01,db2"])
        #expect(Self.complete(":remove @web_clusters!web0") == ["@web_clusters!web01", "@web_clusters!web02"])
        #expect(Self.complete("uptime; w") == ["web01", "web02"])
        #expect(Self.complete(":hosts w") == [])
    }

    @Test func commandsAndSettings() {
        #expect(Self.complete(":he") == [":help"])
        #expect(Self.complete(":set ga") == ["gather"])
        #expect(Self.complete(":set gather o") == ["on", "off"])
        #expect(Self.complete(":set gather on ") == [])
    }

    /// A listing shows paths by their last part; the inserted text stays the full path.
    @Test func listingsShowBasenames() {
        let candidates = Self.complete(":put dir/")
        #expect(CompletionPlan.decide(word: "dir/", candidates: candidates, repeated: true) == .list(["dir/a", "dir/b", "dir/sub/"]))
        #expect(CompletionPlan.layout(candidates) == ["a  b  sub/"])
        #expect(CompletionPlan.decide(word: "dir/s", candidates: candidates, repeated: false) == .insert("ub/"))
    }
}
