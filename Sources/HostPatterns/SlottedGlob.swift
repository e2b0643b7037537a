/// A glob operand with numeric slots (`web[1-12]*`, `r[1-4]n?[01-40]`), matched against
/// host names without expanding it. A name matches when some choice of digit runs (a
/// minus sign first for a negative index) for the slots, each an index of its slot's
/// range set (padding included: `07` is not
/// `7`), lets the glob pieces around them match: exactly the names that some expanded
/// mask (`web1*` … `web12*`) matches, at a cost that depends on the name's length rather
/// than on the number of masks (up to the pattern limit, a million).
struct SlottedGlob {
    private let pieces: [Glob]
    private let slots: [RangeSet]

    /// `literals` around the slots (one more than `slots`), wildcards included.
    init(literals: [String], slots: [RangeSet]) {
        precondition(literals.count == slots.count + 1, "a pattern has one literal more than slots")
        pieces = literals.map(Glob.init)
        self.slots = slots
    }

    func matches(_ name: String) -> Bool {
        var search = Search(text: Array(name.unicodeScalars), pieces: pieces, slots: slots)
        return search.matches(piece: 0, from: 0)
    }

    /// Tries every place for each piece and slot, remembering where a piece was already
    /// tried from: at most pieces × length states, each a few passes over the name.
    private struct Search {
        let text: [Unicode.Scalar]
        let pieces: [Glob]
        let slots: [RangeSet]
        var failed: Set<Int> = []

        /// Whether piece `piece` starting at `start`, and everything after it, matches.
        mutating func matches(piece: Int, from start: Int) -> Bool {
            if piece == slots.count { return pieces[piece].matches(text[start...]) }
            let key = piece * (text.count + 1) + start
            guard !failed.contains(key) else { return false }
            for slotStart in slotStarts(piece: piece, from: start) where pieces[piece].matches(text[start..<slotStart]) {
                let sign = text[slotStart] == "-" ? 1 : 0  // a negative index (`n[-2-2]*`)
                for slotEnd in (slotStart + sign)..<Swift.max(slotStart + sign, text.count) {
                    guard ("0"..."9").contains(text[slotEnd]) else { break }
                    if slotEnd - slotStart >= 18 { break }  // beyond any index an Int holds
                    let digits = String(String.UnicodeScalarView(text[slotStart...slotEnd]))
                    guard let value = Int(digits), sign == 0 || value < 0,
                          slots[piece].contains(RangeIndex(value, pad: digits.count)) else { continue }
                    if matches(piece: piece + 1, from: slotEnd + 1) { return true }
                }
            }
            failed.insert(key)
            return false
        }

        /// Where the slot after `piece` may begin (it needs at least one digit): right
        /// after the piece when it has a fixed length, anywhere after `start` otherwise.
        private func slotStarts(piece: Int, from start: Int) -> Range<Int> {
            guard let length = pieces[piece].fixedLength else { return start..<text.count }
            return start + length < text.count ? start + length..<start + length + 1 : 0..<0
        }
    }
}
