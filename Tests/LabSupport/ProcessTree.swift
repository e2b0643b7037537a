import Foundation

/// Parent links of every process, read from /proc, for finding what a process started.
public enum ProcessTree {
    /// Process id → parent process id.
    public static func parents() -> [pid_t: pid_t] {
        var parents: [pid_t: pid_t] = [:]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            guard let pid = pid_t(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            // Fields after the command name: state, then the parent's pid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, let parent = pid_t(fields[1]) { parents[pid] = parent }
        }
        return parents
    }

    public static func children(of pid: pid_t) -> [pid_t] {
        parents().filter { $0.value == pid }.map(\.key)
    }

    /// Every process below the roots, children before grandchildren (at most 16 levels).
    public static func descendants(of roots: [pid_t]) -> [pid_t] {
        let parents = parents()
        var found: [pid_t] = [], frontier = Set(roots)
        for _ in 0..<16 where !frontier.isEmpty {
            let next = parents.filter { frontier.contains($0.value) }.map(\.key)
            found += next
            frontier = Set(next)
        }
        return found
    }
}
