/// Which lines of two texts are removed and which added, for `UnifiedDiff`.
///
/// The standard library's Myers diff takes time in proportion to the lines times the
/// size of the difference, so it is given only what can change: the common start and
/// end are set aside, lines are compared as small numbers, and lines found on one side
/// only are marked at once, as GNU diff discards them (no common subsequence holds
/// them, so the result is still a shortest edit). Two unrelated outputs of any length
/// thus cost one pass. Shared lines in another order are what makes it slow (20,000
/// reversed lines took minutes): past a budget of work the differing part is marked
/// whole, removed then added, which is still a correct diff, only not a shortest one.
enum LineChanges {
    /// Steps of Myers' search allowed (about a second of the standard library's diff).
    static let budget = 10_000_000

    static func marks(_ a: [String], _ b: [String]) -> (removed: [Bool], added: [Bool], whole: Bool) {
        var removed = [Bool](repeating: false, count: a.count)
        var added = [Bool](repeating: false, count: b.count)
        let (head, tail) = commonEnds(a, b)
        let middleA = head..<(a.count - tail), middleB = head..<(b.count - tail)
        let (idsA, idsB) = numbered(a[middleA], b[middleB])
        let keptA = middleA.filter { idsA[$0 - head] >= 0 }
        let keptB = middleB.filter { idsB[$0 - head] >= 0 }
        for index in middleA where idsA[index - head] < 0 { removed[index] = true }
        for index in middleB where idsB[index - head] < 0 { added[index] = true }
        let before = keptA.map { idsA[$0 - head] }, after = keptB.map { idsB[$0 - head] }
        let limit = max(100, budget / max(1, before.count + after.count))
        guard editDistance(before, after, isAtMost: limit) else {
            keptA.forEach { removed[$0] = true }
            keptB.forEach { added[$0] = true }
            return (removed, added, true)
        }
        for change in after.difference(from: before) {
            switch change {
            case .remove(let offset, _, _): removed[keptA[offset]] = true
            case .insert(let offset, _, _): added[keptB[offset]] = true
            }
        }
        return (removed, added, false)
    }

    /// Whether the shortest edit from `a` to `b` takes at most `limit` lines: Myers'
    /// greedy forward search (1986, section 2), stopped after `limit` rounds, in
    /// O((N+M)·limit) time and O(limit) space.
    static func editDistance(_ a: [Int], _ b: [Int], isAtMost limit: Int) -> Bool {
        let (n, m) = (a.count, b.count)
        guard abs(n - m) <= limit else { return false }
        let offset = limit + 1
        var furthest = [Int](repeating: 0, count: 2 * limit + 3)  // x reached on each diagonal k
        for d in 0...limit {
            for k in stride(from: -d, through: d, by: 2) {
                let down = k == -d || (k != d && furthest[offset + k - 1] < furthest[offset + k + 1])
                var x = down ? furthest[offset + k + 1] : furthest[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { (x, y) = (x + 1, y + 1) }
                furthest[offset + k] = x
                if x >= n && y >= m { return true }
            }
        }
        return false
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
