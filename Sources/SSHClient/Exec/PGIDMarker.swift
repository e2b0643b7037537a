/// Finds and strips the `chorus:pgid=NONCE:PID` line the wrapper prints before the
/// command's output. Login files may print first (a banner, a `.bashrc` echo), so the
/// first `searchLimit` bytes of stdout are searched, not only the first line; the nonce
/// is the channel's own, so nothing else can pass for it. Only the marker line is
/// removed; output held back while searching is passed on in order.
struct PGIDMarker {
    static let prefix = "chorus:pgid="
    /// How much stdout is held back, at most, while the marker has not come.
    static let searchLimit = 8192
    private let needle: [UInt8]
    private(set) var pgid: Int?
    private var pending: [UInt8] = []
    private var settled = false

    init(nonce: String) { needle = Array((Self.prefix + nonce + ":").utf8) }

    mutating func disable() { settled = true }

    /// Still waiting for the marker.
    var isSearching: Bool { !settled }

    /// Feeds stdout bytes; returns what belongs to the command's output.
    mutating func filter(_ bytes: [UInt8]) -> [UInt8] {
        guard !settled else { return bytes }
        pending += bytes
        if let (line, value) = markerLine() {
            pgid = value
            pending.removeSubrange(line)
            return flush()
        }
        // A marker starting inside the limit may still be completing.
        return pending.count > Self.searchLimit + needle.count + 20 ? flush() : []
    }

    /// Ends the search; returns the bytes held back meanwhile (also at end of output).
    mutating func flush() -> [UInt8] {
        settled = true
        defer { pending = [] }
        return pending
    }

    /// The first complete marker line starting in the first `searchLimit` bytes of
    /// `pending` (needle, decimal digits, newline): the same bytes count however the
    /// output was split into reads.
    private func markerLine() -> (Range<Int>, Int)? {
        var start = 0
        while let found = firstNeedle(from: start) {
            var end = found + needle.count
            var value = 0
            while end < pending.count, pending[end] >= UInt8(ascii: "0"), pending[end] <= UInt8(ascii: "9"), value < 1 << 40 {
                value = value * 10 + Int(pending[end] - UInt8(ascii: "0"))
                end += 1
            }
            if end < pending.count, pending[end] == UInt8(ascii: "\n"), end > found + needle.count, value > 0 {
                return (found..<(end + 1), value)
            }
            start = found + 1
        }
        return nil
    }

    private func firstNeedle(from start: Int) -> Int? {
        let last = min(pending.count - needle.count, Self.searchLimit - 1)
        guard start <= last else { return nil }
        return (start...last).first { index in
            needle.indices.allSatisfy { pending[index + $0] == needle[$0] }
        }
    }
}
