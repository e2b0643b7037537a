@testable import Broadcasting
import HostPatterns
import Inventory
import Rendering
import Testing

/// `ErrorReport`: the one mapping from an error to its line and exit status.
@Suite struct ErrorReportTests {
    struct Broken: Error, CustomStringConvertible {
        var description: String { "the spill file vanished" }
    }

    @Test func badInputOfEveryKindIsExitTwoWithItsOwnWords() throws {
        let pattern = #expect(throws: PatternError.self) { try PatternParser().parse("web[1-") }
        let inventory = InventoryError(.emptyKey, file: "inv.ini", line: 3)
        let errors: [any Error] = [
            UsageError("no hosts selected"), try #require(pattern), inventory,
            Inventory.SelectionError.badAdHocHost("a b"),
        ]
        for error in errors {
            let report = ErrorReport(error)
            #expect(report.status == .usage, "\(error)")
            #expect(report.message == "\(error)", "the typed error's own words, not a wrapper's")
        }
    }

    @Test func anythingElseIsChorusFailingWithExitOne() {
        let report = ErrorReport(Broken())
        #expect(report.message == "the spill file vanished" && report.status == .failure)
    }
}
