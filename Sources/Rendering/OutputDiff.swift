import HostPatterns

/// Outputs compared across hosts (the shell's `:diff`, one-shot `--diff`, as clush's
/// `--diff`): hosts with identical output form a group, the largest group is the
/// reference, and every other group is a unified diff against it.
public enum OutputDiff {
    /// The text for each host's standard output in `outputs`; for a terminal, control
    /// characters a host printed are escaped, as live lines escape them.
    public static func text(_ outputs: [String: [UInt8]], terminal: Bool) -> String {
        let text = diff(outputs)
        guard terminal else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escaped(String($0)) }
            .joined(separator: "\n")
    }

    private static func diff(_ outputs: [String: [UInt8]]) -> String {
        guard !outputs.isEmpty else { return "no output to compare\n" }
        var groups: [[UInt8]: [String]] = [:]
        for (host, bytes) in outputs { groups[bytes, default: []].append(host) }
        let ordered = groups.map { (output: $0.key, hosts: $0.value) }.sorted { a, b in
            a.hosts.count != b.hosts.count ? a.hosts.count > b.hosts.count : (a.hosts.min() ?? "") < (b.hosts.min() ?? "")
        }
        let reference = ordered[0]
        guard ordered.count > 1 else {
            return reference.hosts.count == 1 ? "one host, nothing to compare\n" : "all \(reference.hosts.count) hosts printed the same output\n"
        }
        let referenceName = "\(HostSet(names: reference.hosts)) (\(reference.hosts.count))"
        let referenceText = String(decoding: reference.output, as: UTF8.self)
        var text = ""
        for group in ordered.dropFirst() {
            text += "--- \(referenceName)\n+++ \(HostSet(names: group.hosts)) (\(group.hosts.count))\n"
            text += UnifiedDiff.hunks(from: referenceText, to: String(decoding: group.output, as: UTF8.self))
        }
        return text
    }
}
