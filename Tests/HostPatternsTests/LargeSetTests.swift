import HostPatterns
import Testing

/// Large sets compute and fold correctly. (Speed is a benchmark's business, not a
/// unit test's: no timing assertions here.)
@Suite struct LargeSetTests {
    @Test func largeOneDimensionalSets() throws {
        let set = try HostSet(parsing: "n[1-1000000]!n[500-600000]")
        #expect(set.count == 400_499)
        #expect(set.description == "n[1-499,600001-1000000]")
    }

    @Test func multiDimensionalFoldingOfThousandsOfPoints() throws {
        let set = try HostSet(parsing: "r[1-40]n[1-50]!r1n1")
        #expect(set.count == 1999)
        #expect(set.description == "r[2-40]n[1-50],r1n[2-50]")
    }
}
