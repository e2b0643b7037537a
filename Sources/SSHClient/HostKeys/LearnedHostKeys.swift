/// Keys a worker on a gateway learned under accept-new, brought back to this machine's
/// known_hosts, the operator's file (the gateway's worker checks its hosts against a copy
/// of it, and records new keys in that copy). Without this a host behind a gateway
/// would be met as new on every run, and accept-new would take whatever key it showed.
///
/// The gateway's lines are input from another machine: none is copied. A line is
/// read only for its key, and only when it names exactly one host the worker was sent
/// under accept-new (one plain name, or a hashed one, never a pattern or list), with no
/// marker, of a key type a login here can check. The entry written here is our own, through the same check a direct login
/// makes: recorded when the file here still does not know the host, nothing when it
/// already holds that key, and refused when it holds another.
public enum LearnedHostKeys {
    /// A host the gateway's worker was sent under accept-new, and the file here that
    /// vouches for it.
    public struct Candidate: Hashable, Sendable {
        public var hostname: String
        public var port: Int
        public var knownHostsPath: String

        public init(hostname: String, port: Int, knownHostsPath: String) {
            (self.hostname, self.port, self.knownHostsPath) = (hostname, port, knownHostsPath)
        }

        var lookupName: [UInt8] { KnownHosts.lookupName(host: hostname, port: port) }
    }

    public enum Outcome: Equatable, Sendable {
        /// The key is now in `file` for `host` (`[host]:port` for other ports).
        case recorded(host: String, file: String)
        /// Nothing was written; the reason, one line.
        case refused(String)
    }

    /// What became of each line appended to the gateway's copy (blank lines and
    /// comments say nothing; a line that is already true here says nothing either).
    public static func adopt(_ appended: [UInt8], candidates: [Candidate]) -> [Outcome] {
        var outcomes: [Outcome] = []
        // One reader per file for all the lines: it reads the file again only when it changed.
        var files: [String: KnownHosts] = [:]
        for (index, text) in appended.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let entry = KnownHostsEntry(line: index + 1, text: text) else {
                let bare = text.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if !bare.isEmpty, bare.first != UInt8(ascii: "#") { outcomes.append(.refused("a line that is not a known_hosts entry")) }
                continue
            }
            outcomes += adopt(entry, candidates, files: &files)
        }
        return outcomes
    }

    private static func adopt(_ entry: KnownHostsEntry, _ candidates: [Candidate], files: inout [String: KnownHosts]) -> [Outcome] {
        guard entry.marker == .none else { return [.refused("a line with a marker (@revoked or @cert-authority)")] }
        guard HostKeyAlgorithm(rawValue: entry.keyType) != nil else {
            return [.refused("a key of a type this client cannot check")]
        }
        let named = candidates.filter { names(entry.hosts, exactly: $0.lookupName) }
        guard let first = named.first else { return [.refused("a key for a host it was not sent under accept-new")] }
        let key = HostKey(typeName: entry.keyType, blob: entry.keyBlob)
        var outcomes: [Outcome] = []
        for path in Set(named.map(\.knownHostsPath)).sorted() {
            let file = files[path] ?? KnownHosts(path: path), name = String(decoding: first.lookupName, as: UTF8.self)
            files[path] = file
            switch file.verdict(for: key, host: first.hostname, port: first.port) {
            case .unknown:
                do {
                    try file.append(key, host: first.hostname, port: first.port, hashed: false)
                    outcomes.append(.recorded(host: name, file: path))
                } catch {
                    outcomes.append(.refused(error.message))
                }
            case .match: break
            case .changed(_, let line), .revoked(let line), .certificateAuthorityOnly(let line):
                outcomes.append(.refused("\(name) \(key.typeName) \(key.fingerprint) is not the key \(path):\(line) allows"))
            case .unreadable(let reason):
                outcomes.append(.refused("cannot read \(path): \(reason)"))
            }
        }
        return outcomes
    }

    /// One plain name equal to `name`, or a hashed name of it: no pattern, no list.
    private static func names(_ hosts: HostNames, exactly name: [UInt8]) -> Bool {
        switch hosts {
        case .hashed: hosts.matches(name)
        case .patterns(let patterns): patterns == [name]
        }
    }
}

extension HostKey {
    init(typeName: String, blob: [UInt8]) {
        self.typeName = typeName
        self.blob = blob
    }
}
