import LineEditing
import Testing

/// Tab's decisions, without a terminal.
@Suite struct CompletionPlanTests {
    static let words = ["select", "selection", "hosts", "help", "history", "héllo"]

    static let cases: [(String, Bool, CompletionPlan)] = [
        ("ho", false, .insert("sts ")), ("hos", true, .insert("ts ")), ("sel", false, .insert("ect")),
        ("select", false, .beep), ("select", true, .list(["select", "selection"])),
        ("h", false, .beep), ("h", true, .list(["help", "history", "hosts", "héllo"])),
        ("x", true, .beep), ("", false, .beep), ("hé", false, .insert("llo ")), ("hosts", false, .insert(" ")),
    ]

    @Test(arguments: cases)
    func decides(word: String, repeated: Bool, plan: CompletionPlan) {
        #expect(CompletionPlan.decide(word: word, candidates: Self.words, repeated: repeated) == plan)
    }

    @Test func aFolderCompletesWithoutASpace() {
        #expect(CompletionPlan.decide(word: "dir/s", candidates: ["dir/sub/"], repeated: false) == .insert("ub/"))
    }

    @Test func duplicatesCountOnce() {
        #expect(CompletionPlan.decide(word: "a", candidates: ["ab", "ab"], repeated: false) == .insert("b "))
    }

    static let wordCases: [(String, Int, String)] = [
        ("", 0, ""), ("sel", 3, "sel"), ("run ho", 6, "ho"), ("run ho", 4, ""), ("run ho", 5, "h"),
        ("a\tbé", 4, "bé"), ("run  ", 5, ""), ("x", 9, "x"),
    ]

    @Test(arguments: wordCases)
    func findsTheWordBeforeTheCursor(line: String, cursor: Int, word: String) {
        #expect(CompletionPlan.word(in: line, cursor: cursor) == word)
    }

    @Test(arguments: [
        ("dir/a", "a"), ("dir/sub/", "sub/"), ("/", "/"), ("/tmp/", "tmp/"), ("a/b/c", "c"), ("web01", "web01"),
        ("@last:failed", "@last:failed"), ("x,y", "x,y"),
    ])
    func listsPathsByTheirLastPart(candidate: String, shown: String) {
        #expect(CompletionPlan.shown(candidate) == shown)
    }

    @Test func layoutWrapsAtTheWidth() {
        #expect(CompletionPlan.layout(["dir/a", "dir/b", "dir/sub/"]) == ["a  b  sub/"])
        #expect(CompletionPlan.layout(["aaa", "bbb", "ccc"], width: 8) == ["aaa  bbb", "ccc"])
        #expect(CompletionPlan.layout([]) == [])
    }
}
