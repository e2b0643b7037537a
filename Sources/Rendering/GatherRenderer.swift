// Gathered output (clush -b / dshbak -c): each host's output is kept until the end, then
// hosts whose output and outcome are identical print once, under their folded host set.

import WorkerProtocol

/// Collects output per host and renders it grouped.
///
/// Memory: each host keeps at most `byteLimitPerStream` bytes of stdout and as much of
/// stderr (8 MiB each by default, so 16 MiB per host); the rest is counted and shown as
/// `[… N bytes dropped]` at the end of that stream's text. All hosts together keep at
/// most `memoryLimit` bytes in memory (256 MiB by default); past it their output goes
/// to a private temporary file (`OutputStore`), and is read back, one group at a time,
/// to render.
public struct GatherRenderer {
    public static let defaultByteLimitPerStream = 8 * 1024 * 1024

    public let byteLimitPerStream: Int
    private let store: OutputStore
    private var captures: [String: Capture] = [:]

    public init(byteLimitPerStream: Int = Self.defaultByteLimitPerStream,
                memoryLimit: Int = OutputStore.defaultMemoryLimit, spillDirectory: String? = nil) {
        self.byteLimitPerStream = byteLimitPerStream
        store = OutputStore(memoryLimit: memoryLimit, directory: spillDirectory)
    }

    /// Keeps a chunk of a host's output.
    public mutating func feed(host: String, stream: StandardStream, bytes: [UInt8]) {
        switch stream {
        case .stdout: store.append(bytes, to: &captures[host, default: Capture()].stdout, limit: byteLimitPerStream)
        case .stderr: store.append(bytes, to: &captures[host, default: Capture()].stderr, limit: byteLimitPerStream)
        }
    }

    /// Records how a host ended; hosts without output are listed too.
    public mutating func finish(_ result: HostResult) {
        captures[result.host, default: Capture()].outcome = result.outcome
    }

    /// Output bytes held, for all hosts, in memory or in the spill file.
    public var bufferedByteCount: Int {
        captures.values.reduce(0) { $0 + $1.stdout.count + $1.stderr.count }
    }

    /// Output bytes held in memory, for all hosts (at most `memoryLimit`).
    public var memoryByteCount: Int { store.memoryBytes }

    /// Output bytes held in the spill file.
    public var spilledByteCount: Int64 { store.spilledBytes }

    /// Why output past the memory limit could not be kept, if it could not (it is then
    /// counted as dropped, and the groups say so).
    public var spillFailure: SpillError? { store.spillFailure }

    /// The groups' text, all at once (see `render(includeStderr:color:into:)`).
    public func render(includeStderr: Bool, color: Bool) -> String {
        var text = ""
        render(includeStderr: includeStderr, color: color) { text += $0 }
        return text
    }

    /// The groups, ordered by their first host, each handed to `write` as soon as it is
    /// made, so only one group's text is in memory at a time. `includeStderr` (clush's
    /// `-B`) adds each group's stderr after its stdout and makes it part of what must be
    /// identical; stderr follows stdout rather than interleaving with it, so arrival
    /// timing never splits a group. A group that is ok and printed nothing is left out
    /// (the summary counts it).
    public func render(includeStderr: Bool, color: Bool, into write: (String) -> Void) {
        for group in groups(includeStderr: includeStderr) where !group.isSilentSuccess(includeStderr) {
            let output = contents(of: group.representative, includeStderr: includeStderr)
            write(GatherText.group(outcome: group.outcome, output, hosts: group.hosts, color: color))
        }
    }

    /// Each host's kept standard output, for `--diff`; hosts that failed before running
    /// anything (SSH failures) are left out, as they printed nothing to compare.
    public func standardOutputs() -> [String: [UInt8]] {
        var outputs: [String: [UInt8]] = [:]
        for (host, capture) in captures {
            if case .failed = capture.outcome { continue }
            outputs[host] = readBack(capture.stdout).bytes
        }
        return outputs
    }

    /// Hosts grouped by identical (outcome, stdout[, stderr]), in host-set order. Hosts
    /// are compared by a fingerprint first, then byte for byte with the group's first host.
    func groups(includeStderr: Bool) -> [GatherGroup] {
        let order = HostOrder(captures.keys)
        var groups: [GatherGroup] = []
        var candidates: [GatherFingerprint: [Int]] = [:]
        for host in captures.keys.sorted(by: order.precedes) {
            let outcome = captures[host]?.outcome
            let output = contents(of: host, includeStderr: includeStderr)
            let print = GatherFingerprint(outcome: outcome, output: output)
            let match = candidates[print]?.first {
                contents(of: groups[$0].representative, includeStderr: includeStderr) == output
            }
            if let match {
                groups[match].hosts.append(host)
            } else {
                candidates[print, default: []].append(groups.count)
                groups.append(GatherGroup(outcome: outcome, representative: host, hosts: [host],
                                          stdoutIsEmpty: output.stdout.isEmpty, stderrIsEmpty: output.stderr?.isEmpty != false))
            }
        }
        return groups
    }

    /// A host's kept output, read back; what cannot be read back counts as dropped.
    private func contents(of host: String, includeStderr: Bool) -> GatherOutput {
        let capture = captures[host] ?? Capture()
        return GatherOutput(stdout: readBack(capture.stdout), stderr: includeStderr ? readBack(capture.stderr) : nil)
    }

    private func readBack(_ stored: StoredBytes) -> KeptStream {
        do {
            return KeptStream(bytes: try store.bytes(of: stored), dropped: stored.dropped)
        } catch {
            return KeptStream(bytes: [], dropped: stored.dropped + stored.count)
        }
    }

    private struct Capture {
        var stdout = StoredBytes()
        var stderr = StoredBytes()
        var outcome: HostOutcome?
    }
}

/// Hosts that print alike. No outcome means the host has not finished (rendering
/// before every result is in).
struct GatherGroup {
    let outcome: HostOutcome?
    /// The first host; its output is the group's.
    let representative: String
    var hosts: [String]
    let stdoutIsEmpty: Bool
    let stderrIsEmpty: Bool

    /// Ok and printed nothing (that is shown).
    func isSilentSuccess(_ includeStderr: Bool) -> Bool {
        outcome?.isOK == true && stdoutIsEmpty && (!includeStderr || stderrIsEmpty)
    }
}

/// One stream as kept: its bytes, and how many more arrived than were kept.
struct KeptStream: Equatable, Hashable {
    let bytes: [UInt8]
    let dropped: Int

    var isEmpty: Bool { bytes.isEmpty && dropped == 0 }

    /// The bytes as one block: hashing a megabyte element by element is needlessly slow.
    func hash(into hasher: inout Hasher) {
        hasher.combine(dropped)
        hasher.combine(bytes.count)
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// What hosts must share, besides their outcome, to be gathered together.
struct GatherOutput: Equatable, Hashable {
    let stdout: KeptStream
    let stderr: KeptStream?
}

/// A cheap stand-in for (outcome, output) to find the groups a host might join: equal
/// output gives equal fingerprints; unequal output almost never does.
struct GatherFingerprint: Hashable {
    let outcome: HostOutcome?
    let sizes: [Int]
    let digest: Int

    init(outcome: HostOutcome?, output: GatherOutput) {
        self.outcome = outcome
        sizes = [output.stdout.bytes.count, output.stdout.dropped, output.stderr?.bytes.count ?? -1, output.stderr?.dropped ?? -1]
        digest = output.hashValue
    }
}
