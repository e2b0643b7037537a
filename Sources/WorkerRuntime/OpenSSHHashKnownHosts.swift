#if canImport(Glibc)
import Glibc
#endif

/// Whether the OpenSSH client config asks for hashed known_hosts names
/// (`HashKnownHosts yes`, Debian's default in /etc/ssh/ssh_config), so that hosts
/// chorus records look like the ones ssh records. Read on the worker's machine, where
/// the known_hosts file is. Only this keyword, at top level or under `Host *`; the first
/// value found wins, `~/.ssh/config` before `/etc/ssh/ssh_config`. (`Include` and
/// `Match` are not followed: a full ssh_config reader is a separate piece.)
enum OpenSSHHashKnownHosts {
    static func enabled(home: String?) -> Bool {
        let files = (home.map { ["\($0)/.ssh/config"] } ?? []) + ["/etc/ssh/ssh_config"]
        for file in files {
            if let text = readText(file), let value = value(in: text) { return value }
        }
        return false
    }

    /// The first `HashKnownHosts` in `text` that applies to every host, if any.
    static func value(in text: String) -> Bool? {
        var applies = true  // top level, before any Host or Match line
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
            let words = line.split { $0 == " " || $0 == "\t" || $0 == "=" }.map { $0.lowercased() }
            guard let keyword = words.first, !keyword.hasPrefix("#") else { continue }
            switch keyword {
            case "host": applies = words.count == 2 && words[1] == "*"
            case "match": applies = false
            case "hashknownhosts" where applies && words.count >= 2:
                switch words[1] {
                case "yes", "true": return true
                case "no", "false": return false
                default: continue
                }
            default: continue
            }
        }
        return nil
    }

    /// The file's text, nil when it cannot be read (a missing config is the usual case).
    private static func readText(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 << 10)
        while bytes.count < 1 << 20 {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
