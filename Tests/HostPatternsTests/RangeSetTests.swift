@testable import HostPatterns
import Testing

/// RangeSet parsing and folding, in the spirit of ClusterShell's RangeSetTest.py.
@Suite struct RangeSetTests {
    @Test(arguments: [
        ("0", "0", 1), ("1", "1", 1), ("1-5", "1-5", 5), ("5,1-3", "1-3,5", 4), ("1-3,5-7", "1-3,5-7", 6),
        ("1-3,4-6", "1-6", 6), ("1,2,3", "1-3", 3), ("3,2,1", "1-3", 3), ("1-9/2", "1,3,5,7,9", 5),
        ("0-10/5", "0,5,10", 3), ("1-10/3", "1,4,7,10", 4), ("2-2/7", "2", 1), ("01-03", "01-03", 3),
        ("001-003", "001-003", 3), ("00-02", "00-02", 3), ("0-2", "0-2", 3), ("08-12", "08-12", 5),
        ("8-12", "8-12", 5), ("9-10,09-10", "9,09-10", 3), ("08,10-99,100", "08,10-99,100", 92),
        ("1,01,001", "1,01,001", 3), ("098-101", "098-101", 4), ("98-101", "98-101", 4),
        (" 1 - 3 ", "1-3", 3), ("1-3 , 7", "1-3,7", 4), ("5-5", "5", 1), ("1-5,3-8", "1-8", 8),
        ("0-9,10-19", "0-19", 20), ("07,08,09,10,11", "07-11", 5), ("7,8,9,10,11", "7-11", 5),
        ("0009-0011", "0009-0011", 3), ("10-20/10", "10,20", 2), ("1_0", "10", 1), ("+3", "3", 1),
        ("1-100/33", "1,34,67,100", 4), ("02,04,06", "02,04,06", 3), ("2,4,6", "2,4,6", 3),
        // Negative indexes, as ClusterShell 1.9.1 reads them (its issues #515 and #518).
        ("-5", "-5", 1), ("-1-0", "-1-0", 2), ("-5-5", "-5-5", 11), ("-12-12", "-12-12", 25),
        ("-12,-10--9,-5--1,1-5", "-12,-10--9,-5--1,1-5", 13), ("1-5,-12,-5--1,-10--9", "-12,-10--9,-5--1,1-5", 13),
        ("-5--1/2", "-5,-3,-1", 3), ("-5-5/3", "-5,-2,1,4", 4), ("-12--03", "-12--3", 10), ("-10-02", "-10-2", 13),
        ("-0", "0", 1), ("-0-3", "0-3", 4), (" - 5 - 5 ", "-5-5", 11), ("-+5", "-5", 1), ("-1_0", "-10", 1),
        ("-5--5", "-5", 1), ("-1,00,0,1,01", "-1-1,00-01", 5), ("-10--9,9-10", "-10--9,9-10", 4),
        ("-9223372036854775807,9223372036854775807", "-9223372036854775807,9223372036854775807", 2),
        ("-9223372036854775807,0,9223372036854775807", "-9223372036854775807,0,9223372036854775807", 3),
    ])
    func parsesAndFolds(input: String, folded: String, count: Int) throws {
        let set = try RangeSet(parsing: input)
        #expect(set.description == folded)
        #expect(set.count == count)
        #expect(try RangeSet(parsing: set.description) == set)
    }

    @Test(arguments: [
        ("5-1", "start 5 is after end 1"), ("1-", "not a number"), ("-", "not a number"), ("-/2", "not a number"),
        ("a-b", "not a number"), ("", "empty range"), ("1,,2", "empty range"), ("1-5/0", "step must be at least 1"),
        ("3/2", "a step needs a range (a-b/step)"), ("01-1", "padding length mismatch (01 and 1 have different widths)"),
        ("1-01", "padding length mismatch (1 and 01 have different widths)"), ("1-5/x", "the step is not a number"),
        ("-001", "negative indexes cannot be zero padded"), ("-01-02", "negative indexes cannot be zero padded"),
        ("-00", "negative indexes cannot be zero padded"), ("-0-02", "padding length mismatch (0 and 02 have different widths)"),
        ("-1--5", "start -1 is after end -5"), ("-5-", "not a number"), ("--5", "not a number"),
        ("1-2-3", "'-' inside a bound (negative ranges are written -a-b or -a--b)"),
        ("5--4", "'-' inside a bound (negative ranges are written -a-b or -a--b)"),
        ("-8-5-4", "'-' inside a bound (negative ranges are written -a-b or -a--b)"),
        ("1-2-3-4-5", "too many '-'"), ("99999999999999999999", "number too large"), ("1 2", "not a number"),
        ("1__0", "not a number"), ("_1", "not a number"),
    ])
    func rejectsBadRanges(input: String, reason: String) {
        let part = input == "1,,2" ? "" : input
        #expect(throws: PatternError(.badRange(reason: reason), part: part)) {
            try RangeSet(parsing: input)
        }
    }

    @Test func refusesHugeRangesBeforeAllocating() {
        #expect(throws: PatternError(.tooManyHosts(count: 1_000_000_000, limit: 1_000_000), part: "1-1000000000")) {
            try RangeSet(parsing: "1-1000000000")
        }
        #expect(throws: PatternError.self) { try RangeSet(parsing: "1-600000,700000-1300000") }
        #expect((try? RangeSet(parsing: "1-1000000"))?.count == 1_000_000)
        #expect((try? RangeSet(parsing: "1-600000,1-600000"))?.count == 600_000)
        #expect((try? RangeSet(parsing: "-500000-499999"))?.count == 1_000_000)
        #expect(throws: PatternError(.tooManyHosts(count: Int.max, limit: 1_000_000), part: "-9223372036854775807-9223372036854775807")) {
            try RangeSet(parsing: "-9223372036854775807-9223372036854775807")
        }
        #expect(throws: PatternError.self) { try RangeSet(parsing: "1-11", limit: 10) }
    }

    @Test(arguments: [
        ("1-5", "3-8", "1-8", "3-5", "1-2", "1-2,6-8"), ("01-05", "1-5", "1-5,01-05", "", "01-05", "1-5,01-05"),
        ("1-10/2", "2-10/2", "1-10", "", "1,3,5,7,9", "1-10"), ("1", "1", "1", "1", "", ""),
    ])
    func algebra(a: String, b: String, union: String, intersection: String, difference: String, symmetric: String) throws {
        let x = try RangeSet(parsing: a), y = try RangeSet(parsing: b)
        #expect(x.union(y).description == union)
        #expect(x.intersection(y).description == intersection)
        #expect(x.subtracting(y).description == difference)
        #expect(x.symmetricDifference(y).description == symmetric)
        #expect(x.intersection(y).isSubset(of: x))
        #expect(x.union(y).isSuperset(of: y))
    }

    @Test func indexesKeepTheirPadding() {
        #expect(RangeIndex(7).description == "7")
        #expect(RangeIndex(7, pad: 3).description == "007")
        #expect(RangeIndex(0, pad: 2).isPadded)
        #expect(!RangeIndex(0).isPadded)
        #expect(!RangeIndex(10, pad: 2).isPadded)
        #expect(RangeIndex(9, pad: 2) < RangeIndex(10))
        #expect(RangeIndex(99) < RangeIndex(0, pad: 3))
        #expect(RangeIndex(-5).description == "-5" && RangeIndex(-5).width == 2 && !RangeIndex(-5).isPadded)
        #expect(RangeIndex(-5, pad: 3).description == "-05")  // "%0*d" % (3, -5)
        #expect(RangeIndex(-12) < RangeIndex(-5) && RangeIndex(-5) < RangeIndex(-1) && RangeIndex(-1) < RangeIndex(0))
        #expect(RangeIndex(-1) < RangeIndex(0, pad: 2) && RangeIndex(Int.min + 1).description == String(Int.min + 1))
    }
}
