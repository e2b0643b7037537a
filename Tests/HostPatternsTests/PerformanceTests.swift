import HostPatterns
import Testing

/// Large sets stay fast enough for an interactive prompt.
@Suite struct PerformanceTests {
    @Test func largeOneDimensionalSetsAreQuick() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let set = try HostSet(parsing: "n[1-1000000]!n[500-600000]")
            #expect(set.count == 400_499)
            #expect(set.description == "n[1-499,600001-1000000]")
        }
        #expect(elapsed < .seconds(5))
    }

    @Test func multiDimensionalFoldingOfThousandsOfPoints() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            let set = try HostSet(parsing: "r[1-40]n[1-50]!r1n1")
            #expect(set.count == 1999)
            #expect(set.description == "r[2-40]n[1-50],r1n[2-50]")
        }
        #expect(elapsed < .seconds(10))
    }
}
