import LabSupport

/// Patterns for the ClusterShell comparison: hand-written nasty ones, plus a seeded
/// generator (same seed, same corpus, every run).
enum PatternCorpus {
    static let groups: [String: String] = [
        "web": "web[01-12]", "db": "db[1-4],db10", "edge": "edge-a1,edge-b1", "rack1": "r1n[01-04]",
        "rack2": "r2n[01-04]", "mixed": "n[8-12],n[008-012],x[1-3]y[1-2]", "ips": "10.0.[0-1].[1-3]",
        "solo": "localhost",
    ]

    static var all: String { groups.keys.sorted().compactMap { groups[$0] }.joined(separator: ",") }

    static let handWritten: [String] = [
        "web[01-10]", "db[1-3,7]", "n[1-9/2]", "r[1-2]n[01-04]", "node1,node2", "node1,node2,node3,node5",
        "web[01-05,07]", "web01,web02,web03,web05,web07", "a[1-3]b[1-2],a4b1", "a[1-3]b[1-2],a4b[1-2]",
        "n[8-12],n[08-12]", "n[08-12],n[100-101]", "n[08,10-99,100]", "n[008-012]", "n[9-10],n[09-10]",
        "n0[1-5]", "n1[0-12]", "n[1-2]0", "n[1-2]0[1-2]", "r[1-3]n[1-3]!r2n2", "r[1-3]n[1-3]&r[2-4]n[2-4]",
        "r[1-3]n[1-3]^r[2-4]n[2-4]", "x[1-2]y[1-2]z[1-2]", "x[1-2]y[1-2]z[1-2]!x1y1z1", "web[1-10]!web[3-5]",
        "web[1-10]&web[5-15]", "web[1-10]^web[5-15]", "a,b,c", "a!a", "a^a", "a&b", "a,b!b", "c,b,a",
        "@web", "@web!web[03-05]", "@db,@web&web0[1-3]", "@rack[1-2]", "@rack[1-2]!r[1-2]n02", "@*",
        "web*", "web0?", "*1", "r*n01", "@mixed", "@ips", "10.0.0.1,10.0.0.2,10.0.1.1", "@edge",
        "  web[1-2] , web3  ", "web[ 1 - 3 ]", "web[1-3 , 5]", "w%s[1-2]", "50%[1-2]",
        "web[5-1]", "web[1-]", "web[a-b]", "web[1-2", "web1-2]", "web[1-2]]", "web[[1-2]", "web[1-2][3-4]",
        "web[01-1]", "web[1-01]", "web[001-10]", "web[1-5/0]", "web[3/2]", "web[]", "web[,]", "a,,b", "a,",
        ",a", "!a", "a!", "a&", "a^b^", "web[1-2]0[1-3]/2", "web[1-4/2]0", "a[1,3-5,7]b", "[1-3]", "[1-3]x",
        "[01-03]", "0[1-3]", "1[1-3]", "x[0-0]", "x[00-00]", "x[0-10]", "x[00-10]", "x[1-1]", "x00", "x0",
        "x00,x0,x000", "a1b2c3", "a1b2c3,a1b2c4,a1b3c3,a1b3c4", "a1b2c3,a2b3c4", "r1n1,r1n2,r2n1,r2n2,r3n1",
        "r1n1,r2n2,r1n2,r2n1", "r[1-2]n[1-2],r[3-4]n[3-4],r[1-4]n[5]", "r[1-3]n[1-3]!r[1-3]n2!r2n[1-3]",
        "web[9-11],web[09-11]", "web[98-101]", "web[098-101]", "web[0998-1001]", "v[1-3]-ib[1-2]",
        "n[1-3],n[1-3]", "n[1-100]!n[2-99]", "n[1-5,3-8]", "host", "host!host,host", "a^b^a", "a!b&c",
        "\u{1C}web1 ,\u{1F}web2\u{1D}", "web[1-2]\u{1E}!\u{1F}web1",
        // Negative ranges (ClusterShell 1.9.1, its issues #515 and #518).
        "n[-5-5]", "n[-12,-10--9,-5--1,1-5]", "n[1,-10,2-4,-12],n[5,-5,-4,-3,-9,-2--1]", "n[-5]", "n[-5],n-5",
        "r[-1-1]n[-1-1]!r0n0", "n[-3-3]!n[-1-1]", "n[-1,00,0,1,01]", "n[-01-02]", "n[-0-02]", "n[-00]", "n[-0]",
        "n[-5-5]0", "n[-2--1]0", "n[-12--03]", "n[-10-02]", "n[ - 5 - 5 ]", "n[-]", "n[-5-]", "n[--5]", "n[-1--5]",
        "x[-9223372036854775807,9223372036854775807]", "n[-2-2]a[-1-1],n0a0", "@db,n[-1-1]&n[0-3]",
    ]

    /// Combining marks and prepended marks beside operators, brackets, digits and space:
    /// read by code points, as ClusterShell does. The last two were found by libFuzzer.
    static let combiningMarks: [String] = [
        "\u{613}\u{1F}-,a", "a,\u{613}\u{1F}-", "a,\u{613}b", "x\u{600},a", "x\u{600}", "web[1-2]\u{301}",
        "web1\u{301}[1-2]", " \u{301}web", "n[1-3]!\u{301}n2", "n[1-3]!n2\u{301},n2", "r\u{301}[1-2]n[1-2]\u{301}",
        "cafe\u{301}[1-2],n\u{303}o", "a\u{200D},b", "\u{1F1EB}\u{1F1F7}[1-2]", "x[1-2]\u{308}&x1\u{308}",
        "r2[\r\n4]n\u{17}3,\n\u{307}1",
        "\u{351}\u{FFFD}\u{FFFD}r2\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}!\u{FFFD}\u{351}\u{FFFD}\u{FFFD}r3n2n\u{0}^\u{0}n2n\u{0}^\u{0}",
    ]

    /// Numbers at the edge of `Int`: seeds for the fuzzers, kept out of the differential
    /// test (ClusterShell would try to build the ranges these refuse).
    static let numericEdges: [String] = [
        "x[0-9223372036854775807]", "x[9223372036854775807]", "x[0-9223372036854775807/9223372036854775807]",
        "x[9223372036854775805,9223372036854775807]", "x[9223372036854775803-9223372036854775807/2]",
        "x[1-9223372036854775807/2]", "x[9223372036854775808]", "x[99999999999999999999]",
        "x[9223372036854775806-9223372036854775807]0", "x9[223372036854775806-223372036854775807]",
        "x[0-9223372036854775807]y[0-9223372036854775807]", "x[9223372036854775807]^x[9223372036854775806]",
        "x[-9223372036854775807-9223372036854775807]", "x[-9223372036854775807-9223372036854775807/9223372036854775807]",
        "x[-9223372036854775807--9223372036854775806,9223372036854775807]", "x[-9223372036854775808]",
    ]

    /// A deterministic corpus from a small linear congruential generator.
    static func generated(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in pattern(&random) }
    }

    /// Negative ranges with every operator, in one or two dimensions, with plain names
    /// (`n-3`) that spell the same hosts. Kept away from digits next to a bracket and
    /// from text before a minus sign, which Chorus refuses where ClusterShell misreads.
    static func generatedNegative(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            var text = negativeOperand(&random)
            for _ in 0..<random.next(below: 4) {
                text += [",", ",", "!", "&", "^"][random.next(below: 5)] + negativeOperand(&random)
            }
            return text
        }
    }

    private static func negativeOperand(_ random: inout SeededRandom) -> String {
        let prefix = ["n", "x-", "web"][random.next(below: 3)]
        if random.next(below: 5) == 0 { return prefix + String(random.next(below: 16) - 8) }
        var text = prefix + "[" + (0...random.next(below: 3)).map { _ in negativeElement(&random) }.joined(separator: ",") + "]"
        if random.next(below: 3) == 0 { text += ["c", "-ib"][random.next(below: 2)] + "[" + negativeElement(&random) + "]" }
        return text
    }

    private static func negativeElement(_ random: inout SeededRandom) -> String {
        let start = random.next(below: 25) - 15
        switch random.next(below: 8) {
        case 0: return String(start)
        case 1: return "\(start)-\(start + random.next(below: 12))/\(1 + random.next(below: 3))"
        case 2: return padded(random.next(below: 12), 2)
        case 3: return "\(start)-\(start - random.next(below: 3))"  // reversed or single
        default: return "\(start)-\(start + random.next(below: 12))"
        }
    }

    /// Multi-dimensional sets built point by point and block by block, with every
    /// operator: what exercises ClusterShell's multivariate folding heuristics.
    static func generatedGrids(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            let dimensions = 2 + random.next(below: 4) / 3
            var text = gridOperand(&random, dimensions: dimensions)
            for _ in 0..<(1 + random.next(below: 7)) {
                text += [",", ",", ",", "!", "&", "^"][random.next(below: 6)] + gridOperand(&random, dimensions: dimensions)
            }
            return text
        }
    }

    private static func gridOperand(_ random: inout SeededRandom, dimensions: Int) -> String {
        let labels = ["r", "n", "c"]
        return (0..<dimensions).map { axis in
            let start = 1 + random.next(below: 4)
            let value = random.next(below: 3) == 0 ? "[\(start)-\(start + random.next(below: 3))]" : String(start)
            return labels[axis] + value
        }.joined()
    }

    private static func pattern(_ random: inout SeededRandom) -> String {
        var text = operand(&random)
        for _ in 0..<random.next(below: 4) {
            text += ["," , ",", ",", "!", "&", "^"][random.next(below: 6)] + operand(&random)
        }
        return text
    }

    private static func operand(_ random: inout SeededRandom) -> String {
        switch random.next(below: 10) {
        case 0: return ["@web", "@db", "@rack1", "@rack[1-2]", "@mixed", "@ips", "@solo", "@*"][random.next(below: 8)]
        case 1: return ["web*", "web1?", "n*", "r?n0*", "*", "x?y?", "10.0.*"][random.next(below: 7)]
        case 2, 3: return name(&random, dimensions: 2)
        default: return name(&random, dimensions: 1)
        }
    }

    private static func name(_ random: inout SeededRandom, dimensions: Int) -> String {
        let prefixes = ["web", "db", "n", "r", "x", "node-", "a1b", "web0", "n1", ""]
        var text = prefixes[random.next(below: prefixes.count - (dimensions > 1 ? 1 : 0))]
        for dimension in 0..<dimensions {
            if dimension > 0 { text += ["n", "y", "-ib", "."][random.next(below: 4)] }
            text += random.next(below: 4) == 0 ? number(&random) : "[" + rangeList(&random) + "]"
        }
        if random.next(below: 8) == 0 { text += ["0", "1", "-a", "x"][random.next(below: 4)] }
        return text
    }

    private static func rangeList(_ random: inout SeededRandom) -> String {
        (0...random.next(below: 3)).map { _ in rangeElement(&random) }.joined(separator: ",")
    }

    private static func rangeElement(_ random: inout SeededRandom) -> String {
        let start = random.next(below: 14)
        let width = random.next(below: 5) == 0 ? 2 + random.next(below: 2) : 0
        let begin = padded(start, width)
        switch random.next(below: 6) {
        case 0: return begin
        case 1: return begin + "-" + padded(start + random.next(below: 12), width) + "/" + String(1 + random.next(below: 3))
        default: return begin + "-" + padded(start + random.next(below: 12), width)
        }
    }

    private static func number(_ random: inout SeededRandom) -> String {
        padded(random.next(below: 14), random.next(below: 4) == 0 ? 2 : 0)
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

