/// Which lines of two texts are removed and which added, for `UnifiedDiff`.
///
/// The standard library's Myers diff takes time in proportion to the lines times the
/// size of the difference, so it is given only what can change: the common start and
/// end are set aside, lines are compared as small numbers, and lines found on one side
/// only are marked at once, as GNU diff discards them (no common subsequence holds
/// them, so the result is still a shortest edit). Two unrelated outputs of any length
/// thus cost one pass.
enum LineChanges {
    static func marks(_ a: [String], _ b: [String]) -> (removed: [Bool], added: [Bool]) {
        var removed = [Bool](repeating: false, count: a.count)
        var added = [Bool](repeating: false, count: b.count)
        let (head, tail) = commonEnds(a, b)
        let middleA = head..<(a.count - tail), middleB = head..<(b.count - tail)
        let (idsA, idsB) = numbered(a[middleA], b[middleB])
        let keptA = middleA.filter { idsA[$0 - head] >= 0 }
        let keptB = middleB.filter { idsB[$0 - head] >= 0 }
        for index in middleA where idsA[index - head] < 0 { removed[index] = true }
        for index in middleB where idsB[index - head] < 0 { added[index] = true }
        let after = keptB.map { idsB[$0 - head] }
        for change in after.difference(from: keptA.map { idsA[$0 - head] }) {
            switch change {
            case .remove(let offset, _, _): removed[keptA[offset]] = true
            case .insert(let offset, _, _): added[keptB[offset]] = true
            }
        }
        return (removed, added)
    }

    /// How many lines both start with, then how many both end with after those.
    static func commonEnds(_ a: [String], _ b: [String]) -> (head: Int, tail: Int) {
        var head = 0
        while head < a.count, head < b.count, a[head] == b[head] { head += 1 }
        var tail = 0
        while tail < a.count - head, tail < b.count - head, a[a.count - 1 - tail] == b[b.count - 1 - tail] { tail += 1 }
        return (head, tail)
    }

    /// Each line as a number shared by equal lines, or -1 for a line the other side
    /// does not have.
    static func numbered(_ a: ArraySlice<String>, _ b: ArraySlice<String>) -> (a: [Int], b: [Int]) {
        var numbers: [String: Int] = [:]
        func number(_ line: String) -> Int {
            if let known = numbers[line] { return known }
            numbers[line] = numbers.count
            return numbers.count - 1
        }
        let rawA = a.map(number), rawB = b.map(number)
        var sides = [UInt8](repeating: 0, count: numbers.count)  // bit 1: in a, bit 2: in b
        for n in rawA { sides[n] |= 1 }
        for n in rawB { sides[n] |= 2 }
        return (rawA.map { sides[$0] == 3 ? $0 : -1 }, rawB.map { sides[$0] == 3 ? $0 : -1 })
    }
}
