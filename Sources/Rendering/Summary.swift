// The lines every broadcast ends with, for the operator's stderr:
//
//     ✓ 13 ok  ✗ 4 failed  0.41 s
//       timed out: web09
//       refused (connection refused): db[1-2]
//       exited 1: web[03,07]
//
// One line per distinct reason, most severe first (timed out, killed by a signal,
// cancelled, SSH failures, non-zero exits), then by first host in host-set order.

public enum Summary {
    public static func text(_ results: [HostResult], wallSeconds: Double, color: Bool) -> String {
        let failing = results.filter { !$0.outcome.isOK }
        var counts = [paint("✓ \(results.count - failing.count) ok", ANSI.green, color)]
        if !failing.isEmpty { counts.append(paint("✗ \(failing.count) failed", ANSI.red, color)) }
        counts.append(duration(wallSeconds))
        let reasons = reasonLines(failing, order: HostOrder(results.map(\.host)))
        return ([counts.joined(separator: "  ")] + reasons).joined(separator: "\n") + "\n"
    }

    /// `  exited 1: web[03,07]`, one per distinct reason, in severity then host order.
    static func reasonLines(_ failing: [HostResult], order: HostOrder) -> [String] {
        var hostsByReason: [String: (rank: Int, hosts: [String])] = [:]
        for result in failing {
            let reason = result.outcome.summaryReason
            hostsByReason[reason, default: (result.outcome.severityRank, [])].hosts.append(result.host)
        }
        let groups = hostsByReason.map { (reason: $0.key, rank: $0.value.rank, hosts: $0.value.hosts) }
        return groups.sorted { lhs, rhs in
            guard lhs.rank == rhs.rank else { return lhs.rank < rhs.rank }
            let (left, right) = (order.first(of: lhs.hosts) ?? "", order.first(of: rhs.hosts) ?? "")
            return left != right ? order.precedes(left, right) : lhs.reason < rhs.reason
        }
        .map { "  \($0.reason): \(HostOrder.folded($0.hosts))" }
    }

    /// `0.41 s` under ten seconds, `12.3 s` under a minute, then `2m 05s`.
    public static func duration(_ seconds: Double) -> String {
        let seconds = seconds.isFinite ? max(0, seconds) : 0
        let centis = Int((seconds * 100).rounded())
        if centis < 1000 { return "\(centis / 100).\(twoDigits(centis % 100)) s" }
        let tenths = Int((seconds * 10).rounded())
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10) s" }
        let whole = Int(seconds.rounded())
        return "\(whole / 60)m \(twoDigits(whole % 60))s"
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    private static func paint(_ text: String, _ code: Int, _ color: Bool) -> String {
        color ? ANSI.paint(text, code: code) : text
    }
}
