@testable import HostPatterns
import Testing

/// Patterns to folded text and names, in the spirit of ClusterShell's NodeSetTest.py.
@Suite struct HostSetFoldingTests {
    @Test(arguments: [
        ("web[01-10]", "web[01-10]", 10), ("db[1-3,7]", "db[1-3,7]", 4), ("n[1-9/2]", "n[1,3,5,7,9]", 5),
        ("r[1-2]n[01-04]", "r[1-2]n[01-04]", 8), ("node1,node2", "node[1-2]", 2), ("node2,node1", "node[1-2]", 2),
        ("web01,web02,web03,web04,web05,web07", "web[01-05,07]", 6), ("a", "a", 1), ("a,b", "a,b", 2),
        ("b,a", "a,b", 2), ("web1,web01", "web[1,01]", 2), ("web9,web10", "web[9-10]", 2),
        ("web09,web10", "web[09-10]", 2), ("n0[1-5]", "n[01-05]", 5), ("n1[0-2]", "n[10-12]", 3),
        ("n[1-2]0", "n[10,20]", 2), ("n[1-3]-ib", "n[1-3]-ib", 3), ("n1-ib,n2-ib", "n[1-2]-ib", 2),
        ("r1n1,r1n2,r2n1,r2n2", "r[1-2]n[1-2]", 4), ("r1n1,r2n2", "r1n1,r2n2", 2),
        ("r[1-2]n[1-2],r3n1", "r[1-2]n[1-2],r3n1", 5), ("10.0.0.1,10.0.0.2", "10.0.0.[1-2]", 2),
        ("web[1-10]!web[3-5]", "web[1-2,6-10]", 7), ("web[1-10]&web[5-15]", "web[5-10]", 6),
        ("web[1-10]^web[5-15]", "web[1-4,11-15]", 9), ("a!a", "", 0), ("a^a", "", 0), ("a&b", "", 0),
        ("a,b!b", "a", 1), ("a!b,b", "a,b", 2), ("x[1-3]!x2,x2", "x[1-3]", 3), ("  a , b  ", "a,b", 2),
        ("web[ 1 - 3 ]", "web[1-3]", 3), ("50%[1-2]", "50%[1-2]", 2), ("x00,x0,x000", "x[0,00,000]", 3),
        ("r[1-3]n[1-3]!r2n2", "r[1,3]n[1-3],r2n[1,3]", 8), ("r[1-2]n[1-2],r[3-4]n[3-4]", "r[1-2]n[1-2],r[3-4]n[3-4]", 8),
        ("n[08-12],n[100-101]", "n[08-12,100-101]", 7), ("n[08,10-99,100]", "n[08,10-99,100]", 92),
        ("n[1-5,3-8]", "n[1-8]", 8), ("x[1-2]y[1-2]z[1-2]", "x[1-2]y[1-2]z[1-2]", 8),
        ("[1-3]", "[1-3]", 3), ("0[1-3]", "[01-03]", 3), ("web-[1-2]-x", "web-[1-2]-x", 2),
    ])
    func folds(pattern: String, folded: String, count: Int) throws {
        let set = try HostSet(parsing: pattern)
        #expect(set.description == folded)
        #expect(set.count == count)
        #expect(set.names.count == count)
        if count > 0 { #expect(try HostSet(parsing: folded) == set) }
    }

    @Test(arguments: [
        ("web[1-3]", ["web1", "web2", "web3"]), ("db[1-3,7]", ["db1", "db2", "db3", "db7"]),
        ("web[09-11]", ["web09", "web10", "web11"]), ("r[1-2]n[1-2]", ["r1n1", "r1n2", "r2n1", "r2n2"]),
        ("b,a,c1", ["a", "b", "c1"]), ("web1,web01", ["web1", "web01"]), ("n[10,9]", ["n9", "n10"]),
        ("host2.example.com,host1.example.com", ["host1.example.com", "host2.example.com"]),
        ("root@web9:2222", ["root@web9:2222"]), ("root@[::1]:2222", ["root@[::1]:2222"]),
        ("[fe80::1]", ["[fe80::1]"]), ("a@[::1]:22,b@[::2]", ["a@[::1]:22", "b@[::2]"]),
    ])
    func expands(pattern: String, names: [String]) throws {
        let set = try HostSet(parsing: pattern)
        #expect(set.names == names)
        for name in names { #expect(set.contains(name)) }
        #expect(!set.contains("nothere"))
    }

    /// Negative ranges in names, checked against ClusterShell 1.9.1's `nodeset -f`/`-e`.
    @Test(arguments: [
        ("n[-1-1]-[2-3]", "n[-1-1]-[2-3]", ["n-1-2", "n-1-3", "n0-2", "n0-3", "n1-2", "n1-3"]),
        ("r[-1-1]n[-1-1]!r0n0", "r[-1,1]n[-1-1],r0n[-1,1]", ["r-1n-1", "r-1n0", "r-1n1", "r1n-1", "r1n0", "r1n1", "r0n-1", "r0n1"]),
        ("n[-3-3]!n[-1-1]", "n[-3--2,2-3]", ["n-3", "n-2", "n2", "n3"]), ("n[-5-2]&n[0-9]", "n[0-2]", ["n0", "n1", "n2"]),
        ("n[-2-2]^n[0-3]", "n[-2--1,3]", ["n-2", "n-1", "n3"]), ("n[-5-5]0", "n[-50,-40,-30,-20,-10,0,10,20,30,40,50]", nil),
        ("n[-2--1]0", "n[-20,-10]", ["n-20", "n-10"]), ("n[-1,00,0,1,01]", "n[-1-1,00-01]", ["n-1", "n0", "n1", "n00", "n01"]),
        ("n-[1-2]", "n-[1-2]", ["n-1", "n-2"]), ("n[-0]", "n0", ["n0"]), ("x[-9223372036854775807,9223372036854775807]",
            "x[-9223372036854775807,9223372036854775807]", ["x-9223372036854775807", "x9223372036854775807"]),
    ] as [(String, String, [String]?)])
    func foldsNegativeRanges(pattern: String, folded: String, names: [String]?) throws {
        let set = try HostSet(parsing: pattern)
        #expect(set.description == folded)
        if let names { #expect(set.names == names) }
        #expect(try HostSet(parsing: folded) == set)
    }

    /// Where Chorus reads a negative range differently from ClusterShell on purpose.
    @Test func negativeRangesNextToDigitsOrAfterText() throws {
        // ClusterShell: n[0,10,20,30,40,50], appending the digit to "-5" as if it were "0-5".
        #expect(try HostSet(parsing: "n[-5]0").names == ["n-50"])
        // ClusterShell: n[1-15], prepending the digit to the empty text before the sign.
        #expect(throws: PatternError(.badRange(reason: "digits before a range with negative indexes"), part: "1[-5]")) {
            try HostSet(parsing: "n1[-5]")
        }
        // ClusterShell ignores the text before a minus sign: n[-2-3].
        #expect(throws: PatternError(.badRange(reason: "'-' inside a bound (negative ranges are written -a-b or -a--b)"), part: "1-2-3")) {
            try HostSet(parsing: "n[1-2-3]")
        }
    }

    /// `n[-5]` is the name `n-5`, but, as in ClusterShell, not the same entry as `n-5`
    /// typed plainly (a negative index against index 5 of `n-%s`): both are listed.
    @Test func aNegativeIndexSpellsTheNameOfAPlainOne() throws {
        let set = try HostSet(parsing: "n[-5],n-5")
        #expect(set.description == "n-5,n-5")
        #expect(set.names == ["n-5", "n-5"])
        #expect(try HostSet(parsing: "n[-5]").names == ["n-5"])
    }

    @Test func namesBuildTheSameSetAsPatterns() throws {
        let names = ["web03", "web01", "web02", "db1", "r1n1", "r1n2"]
        let set = HostSet(names: names)
        #expect(set.description == "db1,r1n[1-2],web[01-03]")
        #expect(set == (try HostSet(parsing: "web[01-03],db1,r1n[1-2]")))
    }

    @Test func algebraMethodsMatchOperators() throws {
        let a = try HostSet(parsing: "web[1-10]"), b = try HostSet(parsing: "web[5-15]")
        #expect(a.union(b) == (try HostSet(parsing: "web[1-15]")))
        #expect(a.subtracting(b).description == "web[1-4]")
        #expect(a.intersection(b).description == "web[5-10]")
        #expect(a.symmetricDifference(b).description == "web[1-4,11-15]")
        #expect(a.intersection(b).isSubset(of: a))
        #expect(HostSet().isEmpty)
        #expect(HostSet().description == "")
    }
}
