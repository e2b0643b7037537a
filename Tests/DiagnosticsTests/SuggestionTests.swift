import Diagnostics
import Testing

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("", "", 0), ("abc", "", 3), ("", "ab", 2), ("kitten", "sitting", 3),
        ("web", "web", 0), ("db", "bd", 1), ("hlep", "help", 1), ("flaw", "lawn", 2),
        ("größe", "grösse", 2), ("ca", "abc", 3),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(Suggestion.editDistance(a, b) == expected)
        #expect(Suggestion.editDistance(b, a) == expected)
    }

    @Test func suggestsTheClosePlausibleName() {
        #expect(Suggestion.closest(to: "dbs", among: ["web", "db", "cache"]) == "db")
        #expect(Suggestion.closest(to: "--inventroy", among: ["--inventory", "--invert"]) == "--inventory")
        #expect(Suggestion.closest(to: "WEB", among: ["web"]) == "web")
    }

    @Test func staysSilentWhenNothingIsClose() {
        #expect(Suggestion.closest(to: "zzz", among: ["web", "db"]) == nil)
        #expect(Suggestion.closest(to: "web", among: ["web"]) == nil)
        #expect(Suggestion.didYouMean("zzz", among: ["web"]) == "")
        #expect(Suggestion.didYouMean("wbe", among: ["web"]) == " — did you mean 'web'?")
    }
}
