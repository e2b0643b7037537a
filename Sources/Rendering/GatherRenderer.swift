// Gathered output (clush -b / dshbak -c): each host's output is kept until the end, then
// hosts whose output and outcome are identical print once, under their folded host set.

import WorkerProtocol

/// Collects output per host and renders it grouped.
///
/// Memory: each host keeps at most `byteLimitPerStream` bytes of stdout and as much of
/// stderr (8 MiB each by default, so 16 MiB per host); the rest is counted and shown as
/// `[… N bytes dropped]` at the end of that stream's text.
public struct GatherRenderer: Sendable {
    public static let defaultByteLimitPerStream = 8 * 1024 * 1024

    public let byteLimitPerStream: Int
    private var captures: [String: Capture] = [:]

    public init(byteLimitPerStream: Int = Self.defaultByteLimitPerStream) {
        self.byteLimitPerStream = byteLimitPerStream
    }

    /// Keeps a chunk of a host's output.
    public mutating func feed(host: String, stream: RenderStream, bytes: [UInt8]) {
        switch stream {
        case .stdout: captures[host, default: Capture()].stdout.append(bytes, limit: byteLimitPerStream)
        case .stderr: captures[host, default: Capture()].stderr.append(bytes, limit: byteLimitPerStream)
        }
    }

    /// Records how a host ended; hosts without output are listed too.
    public mutating func finish(_ result: HostResult) {
        captures[result.host, default: Capture()].outcome = result.outcome
    }

    /// Output bytes held, for all hosts.
    public var bufferedByteCount: Int {
        captures.values.reduce(0) { $0 + $1.stdout.bytes.count + $1.stderr.bytes.count }
    }

    /// The groups, ordered by their first host. `includeStderr` (clush's `-B`) adds each
    /// group's stderr after its stdout and makes it part of what must be identical; stderr
    /// follows stdout rather than interleaving with it, so arrival timing never splits a
    /// group. A group that is ok and printed nothing is left out (the summary counts it).
    public func render(includeStderr: Bool, color: Bool) -> String {
        groups(includeStderr: includeStderr)
            .filter { !$0.key.isSilentSuccess }
            .map { GatherText.group($0.key, hosts: $0.hosts, color: color) }
            .joined()
    }

    /// Hosts grouped by identical (outcome, stdout[, stderr]), in host-set order.
    func groups(includeStderr: Bool) -> [(key: GatherKey, hosts: [String])] {
        var members: [GatherKey: [String]] = [:]
        for (host, capture) in captures {
            let key = GatherKey(
                outcome: capture.outcome, stdout: capture.stdout, stderr: includeStderr ? capture.stderr : nil)
            members[key, default: []].append(host)
        }
        let order = HostOrder(captures.keys)
        return members.map { (key: $0.key, hosts: $0.value.sorted(by: order.precedes)) }
            .sorted { order.precedes($0.hosts[0], $1.hosts[0]) }
    }

    private struct Capture: Sendable {
        var stdout = CappedBuffer()
        var stderr = CappedBuffer()
        var outcome: HostOutcome?
    }
}

/// What hosts must share to be gathered together. No outcome means the host has not
/// finished (rendering before every result is in).
struct GatherKey: Sendable, Hashable {
    var outcome: HostOutcome?
    var stdout: CappedBuffer
    var stderr: CappedBuffer?

    /// Ok and printed nothing (that is shown).
    var isSilentSuccess: Bool {
        outcome?.isOK == true && stdout.isEmpty && stderr?.isEmpty != false
    }
}
