@testable import ChorusCLI
import Testing

/// `-w`/`-g`/`-x` folded into one pattern: each part of a comma list given to `-x` is
/// taken away (a list joined after one `!` would add its later parts back).
@Suite struct HostSelectionTests {
    @Test func everyPartOfAnExclusionListIsTakenAway() {
        let selection = HostSelection(include: ["web[01-04]", "*"], groups: ["db"], exclude: ["web01,web[02,03]", "@cache"])
        #expect(selection.pattern == "web[01-04],*,@db!web01!web[02,03]!@cache")
        #expect(HostSelection.topLevelParts("a,,b[1,2],@c") == ["a", "b[1,2]", "@c"])
    }
}
