// The one-line progress view while a broadcast runs: `[37/50] 2 failed · waiting on
// web[07-09],db3`. It always fits the given width: the waiting list is cut at a whole
// pattern (`waiting on web[07-09],… (+5)`), then shortened to a count, then left out.
// A transfer adds its bytes and rate after the counts: `[12/50] 1 failed · 1.2 GB of
// 5.0 GB · 230 MB/s · waiting on …`; the bytes are kept longer than the waiting list.

import HostPatterns

public enum ProgressLine {
    /// Bytes moved so far across hosts, of the total known so far, and the recent rate.
    public struct Bytes: Equatable, Sendable {
        public var done: UInt64
        public var total: UInt64
        public var perSecond: Double

        public init(done: UInt64, total: UInt64, perSecond: Double) {
            self.done = done
            self.total = total
            self.perSecond = perSecond
        }

        var text: String {
            " · \(ByteCount.text(done)) of \(ByteCount.text(total)) · \(ByteCount.text(UInt64(max(0, perSecond))))/s"
        }
    }

    public static func text(done: Int, failed: Int, total: Int, running: [String], width: Int, bytes: Bytes? = nil) -> String {
        guard width > 0 else { return "" }
        var head = "[\(done)/\(total)]"
        if failed > 0 { head += " \(failed) failed" }
        if let bytes, head.count + bytes.text.count <= width { head += bytes.text }
        for tail in waitingTails(running, room: width - head.count) where head.count + tail.count <= width {
            return head + tail
        }
        return String(head.prefix(width))
    }

    /// Candidate endings, longest first; the last is always empty.
    private static func waitingTails(_ running: [String], room: Int) -> [String] {
        guard !running.isEmpty else { return [""] }
        let prefix = " · waiting on "
        let pieces = topLevelPieces(HostOrder.folded(running))
        var tails = [prefix + pieces.joined(separator: ",")]
        // Keep as many whole pieces as fit, with a count of the hosts left out.
        var kept = 0
        var keptHosts = 0
        for piece in pieces.dropLast() {
            let hosts = keptHosts + hostCount(piece)
            let text = prefix + pieces[...kept].joined(separator: ",") + ",… (+\(running.count - hosts))"
            if text.count > room { break }
            (kept, keptHosts) = (kept + 1, hosts)
        }
        if kept > 0 {
            tails.append(prefix + pieces[..<kept].joined(separator: ",") + ",… (+\(running.count - keptHosts))")
        }
        tails.append(" · waiting on \(running.count) host\(running.count == 1 ? "" : "s")")
        tails.append("")
        return tails
    }

    /// `web[01-03],db1` → `web[01-03]`, `db1`: split at commas outside brackets.
    static func topLevelPieces(_ folded: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        var depth = 0
        for character in folded {
            switch character {
            case "[": depth += 1
            case "]": depth = max(0, depth - 1)
            case "," where depth == 0:
                pieces.append(current)
                current = ""
                continue
            default: break
            }
            current.append(character)
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }

    /// How many hosts a folded piece names (1 if it does not parse back, which only an
    /// escaped, hostile name could cause).
    private static func hostCount(_ piece: String) -> Int {
        (try? HostSet(parsing: piece))?.count ?? 1
    }
}
