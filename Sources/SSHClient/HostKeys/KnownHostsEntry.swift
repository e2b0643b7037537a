import Digests

/// One usable line of an OpenSSH known_hosts file, read as OpenSSH's hostfile.c reads
/// it: `[@marker] hosts keytype base64key [comment]`. Lines that do not parse are
/// skipped one at a time by the caller, never the rest of the file.
struct KnownHostsEntry: Equatable {
    enum Marker: Equatable {
        case none
        /// `@revoked`: a host presenting this key is refused.
        case revoked
        /// `@cert-authority`: the key signs host certificates (libssh2 1.10 cannot check them).
        case certificateAuthority
    }

    /// 1-based, for messages.
    let line: Int
    let marker: Marker
    let hosts: HostNames
    let keyType: String
    let keyBlob: [UInt8]

    /// The entry on `text` (one line, without its newline), or nil for a comment, a blank
    /// line or a line that does not parse.
    init?(line: Int, text: ArraySlice<UInt8>) {
        var fields = Self.fields(text)
        guard let first = fields.first, first.first != UInt8(ascii: "#") else { return nil }
        if first.first == UInt8(ascii: "@") {
            switch String(decoding: first, as: UTF8.self) {
            case "@revoked": marker = .revoked
            case "@cert-authority": marker = .certificateAuthority
            default: return nil
            }
            fields.removeFirst()
        } else {
            marker = .none
        }
        // hosts, key type, key; a comment may follow.
        guard fields.count >= 3, let hosts = HostNames(fields[0]),
              let blob = Base64.decode(bytes: fields[2]),
              Self.embeddedType(blob).map(Array.init) == Array(fields[1])
        else { return nil }
        self.line = line
        self.hosts = hosts
        keyType = String(decoding: fields[1], as: UTF8.self)
        keyBlob = blob
    }

    /// Fields separated by blanks (space, tab, and a CR left by a CRLF file).
    private static func fields(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        text.split { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }
    }

    /// The type name a public key blob starts with (`string` in RFC 4253 terms); OpenSSH
    /// refuses a line whose named type differs from its key's.
    private static func embeddedType(_ blob: [UInt8]) -> ArraySlice<UInt8>? {
        guard blob.count >= 4 else { return nil }
        let length = blob[0..<4].reduce(0) { $0 << 8 | Int($1) }
        guard length > 0, length <= blob.count - 4 else { return nil }
        return blob[4..<(4 + length)]
    }
}

/// The hosts field of a known_hosts line: a comma list of patterns, or one hashed name.
enum HostNames: Equatable {
    /// `name,*.example,!bad.example,[host]:2222`, lowercased.
    case patterns([[UInt8]])
    /// `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
    case hashed(HostNameHash)

    init?(_ field: ArraySlice<UInt8>) {
        if field.first == UInt8(ascii: "|") {
            guard let hashed = HostNameHash(field: field) else { return nil }
            self = .hashed(hashed)
        } else {
            let patterns = field.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true)
            guard !patterns.isEmpty else { return nil }
            self = .patterns(patterns.map { $0.map(HostPattern.lowercased) })
        }
    }

    /// Whether `name` (already lowercased, `[host]:port` for ports other than 22) is
    /// named here. As OpenSSH's match_hostname: one matching `!pattern` rules the line
    /// out, otherwise any matching pattern rules it in.
    func matches(_ name: [UInt8]) -> Bool {
        switch self {
        case .hashed(let hash):
            return hash.names(name)
        case .patterns(let patterns):
            var positive = false
            for pattern in patterns {
                let negated = pattern.first == UInt8(ascii: "!")
                guard HostPattern.matches(name, negated ? pattern.dropFirst() : pattern[...]) else { continue }
                if negated { return false }
                positive = true
            }
            return positive
        }
    }
}

/// OpenSSH's match_pattern on bytes: `*` any run, `?` any one byte, everything else
/// itself (ASCII compared without case).
enum HostPattern {
    static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    /// Iterative, remembering only the last `*`: linear in practice, never exponential.
    static func matches(_ name: [UInt8], _ pattern: ArraySlice<UInt8>) -> Bool {
        let end = pattern.endIndex
        var n = 0, p = pattern.startIndex
        var star: (pattern: Int, name: Int)?
        while n < name.count {
            if p < end, pattern[p] == UInt8(ascii: "*") {
                star = (p, n)
                p += 1
            } else if p < end, pattern[p] == UInt8(ascii: "?") || pattern[p] == name[n] {
                p += 1
                n += 1
            } else if let last = star {
                p = last.pattern + 1
                n = last.name + 1
                star = (last.pattern, last.name + 1)
            } else {
                return false
            }
        }
        while p < end, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == end
    }
}
