import WorkerProtocol
import Broadcasting
import HostPatterns
import Rendering

extension InteractiveSession {
    /// `:diff`: the last command's outputs compared across hosts. Hosts with identical
    /// output form a group; the largest group is the reference, and every other group
    /// gets a unified diff against it.
    func showDiff() {
        let ran = last.outcomes.filter { if case .failed = $0.value { return false } else { return true } }.keys
        guard !ran.isEmpty else { return console.out("no previous command output to compare\n") }
        var groups: [String: [String]] = [:]
        for host in ran {
            let bytes = lastOutputs[host].flatMap { try? lastOutputStore.bytes(of: $0) } ?? []
            groups[String(decoding: bytes, as: UTF8.self), default: []].append(host)
        }
        let ordered = groups.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.value.min() ?? "" < $1.value.min() ?? "" }
        guard let reference = ordered.first else { return }
        let referenceName = "\(HostSet(names: reference.value)) (\(reference.value.count))"
        guard ordered.count > 1 else { return console.out("all \(reference.value.count) hosts printed the same output\n") }
        for (output, hosts) in ordered.dropFirst() {
            console.out("--- \(referenceName)\n+++ \(HostSet(names: hosts)) (\(hosts.count))\n")
            console.out(UnifiedDiff.hunks(from: reference.key, to: output))
        }
    }
}
