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

    /// Whether `pid` is a live process (not gone, not a zombie waiting to be reaped).
    public static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].split(separator: " ").first != "Z"
    }

    /// Live processes whose environment holds `entry` (`NAME=VALUE`): what a program
    /// and everything it started carry when it was started with that entry.
    public static func carrying(environment entry: String) -> [pid_t] {
        let wanted = Array(entry.utf8)
        return ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { name in
            guard let pid = pid_t(name), let data = FileManager.default.contents(atPath: "/proc/\(name)/environ") else {
                return nil
            }
            return data.split(separator: 0).contains { $0.elementsEqual(wanted) } && isRunning(pid) ? pid : nil
        }
    }
}

extension ProcessTree {
    /// Waits (checking every 50 ms, at most `seconds`) until none of `pids` runs; whether they all went.
    public static func waitUntilGone(_ pids: [pid_t], seconds: Double) -> Bool {
        for _ in 0..<max(1, Int(seconds * 20)) {  // bounded by `seconds`
            if !pids.contains(where: isRunning) { return true }
            usleep(50_000)
        }
        return !pids.contains(where: isRunning)
    }
}
