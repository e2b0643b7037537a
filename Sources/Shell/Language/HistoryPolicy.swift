/// Which lines go into the history file. Passwords must never reach it, so a line is
/// left out when it likely carries a secret; a false alarm only costs a history entry.
///
/// A line is not recorded when (case-insensitive throughout):
/// 1. it starts with a blank (bash's `ignorespace`: the operator's explicit "don't keep");
/// 2. it is blank;
/// 3. a word is an assignment or `--option=` whose name mentions a secret
///    (`password`, `passwd`, `passphrase`, `secret`, `token`, `apikey`, `api_key`, or
///    ends in `_pwd`/`pass`): `PGPASSWORD=x`, `--password=x`, `MYSQL_PWD=x`;
/// 4. a word is such an option on its own (`--password x`, `--token x`, `--pass x`);
/// 5. `sshpass` is given a password with `-p` (`sshpass -p x`, `sshpass -px`);
/// 6. something is piped into `sudo -S`/`sudo --stdin` (`echo x | sudo -S …`), or into
///    `chpasswd`, or `passwd --stdin` is used;
/// 7. a MySQL client gets `-pSECRET` (`mysql -pSECRET`), or curl/wget a `user:pass`
///    with `-u`/`--user`;
/// 8. a URL carries a password (`scheme://user:pass@host`);
/// 9. it is `:set` (or a prefix of it) naming a setting that mentions a secret
///    (`:set password x`), whether or not such a setting exists.
public enum HistoryPolicy {
    public static func shouldRecord(_ line: String) -> Bool {
        guard let first = line.first, first != " ", first != "\t" else { return false }
        let lowered = line.lowercased()
        let words = Self.words(lowered)
        if words.isEmpty { return false }
        return !(words.contains(where: isSecretAssignmentOrOption)
            || hasSshpassPassword(words) || pipesIntoPasswordReader(line, Self.words(line))
            || hasClientPassword(words) || hasURLPassword(lowered) || isSecretSetCommand(words))
    }

    /// Words split at blanks and at `|`, `;`, `&` (so `echo x|sudo -S` has a `sudo` word).
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { " \t\n|;&".contains($0) }).map(String.init)
    }

    static let secretMarkers = ["password", "passwd", "passphrase", "secret", "token", "apikey", "api_key"]

    static func mentionsSecret(_ name: some StringProtocol) -> Bool {
        secretMarkers.contains { name.contains($0) } || name.hasSuffix("_pwd") || name.hasSuffix("pass")
    }

    /// Rules 3 and 4: `NAME=…`, `--name=…`, or `--name` alone, with a secret-like name.
    static func isSecretAssignmentOrOption(_ word: String) -> Bool {
        let name = word.prefix { $0 != "=" }
        if name.count < word.count { return mentionsSecret(name.drop { $0 == "-" }) }
        return word.hasPrefix("--") && mentionsSecret(word.dropFirst(2))
    }

    /// Rule 5.
    static func hasSshpassPassword(_ words: [String]) -> Bool {
        guard let start = words.firstIndex(where: { $0 == "sshpass" || $0.hasSuffix("/sshpass") }) else { return false }
        return words[start...].contains { $0.hasPrefix("-p") }
    }

    /// Rule 6; `words` keep their case, since `sudo -s` (a shell) is not `sudo -S`.
    static func pipesIntoPasswordReader(_ line: String, _ words: [String]) -> Bool {
        if words.contains("chpasswd") || (words.contains("passwd") && words.contains("--stdin")) { return true }
        guard line.contains("|") else { return false }
        for (index, word) in words.enumerated() where word == "sudo" || word.hasSuffix("/sudo") {
            let options = words[(index + 1)...].prefix { $0.hasPrefix("-") }
            if options.contains(where: { $0 == "--stdin" || (!$0.hasPrefix("--") && $0.contains("S")) }) { return true }
        }
        return false
    }

    /// Rule 7.
    static func hasClientPassword(_ words: [String]) -> Bool {
        let mysql = words.contains { ["mysql", "mysqldump", "mysqladmin", "mariadb"].contains($0) }
        if mysql && words.contains(where: { $0.hasPrefix("-p") && $0.count > 2 }) { return true }
        for (index, word) in words.enumerated() where ["curl", "wget"].contains(word) {
            let rest = words[(index + 1)...]
            for (position, option) in zip(rest.indices, rest) {
                if (option == "-u" || option == "--user"), position + 1 < words.count, words[position + 1].contains(":") {
                    return true
                }
                if option.hasPrefix("-u"), option.count > 2, option.contains(":") { return true }
            }
        }
        return false
    }

    /// Rule 8: `://user:pass@`.
    static func hasURLPassword(_ line: String) -> Bool {
        var rest = Substring(line)
        while let scheme = rest.range(of: "://") {
            let authority = rest[scheme.upperBound...].prefix { $0 != "/" && $0 != " " }
            if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") { return true }
            rest = rest[scheme.upperBound...]
        }
        return false
    }

    /// Rule 9.
    static func isSecretSetCommand(_ words: [String]) -> Bool {
        guard words.count >= 2, words[0].count >= 2, "set".hasPrefix(words[0].dropFirst()), words[0].hasPrefix(":s") else {
            return false
        }
        return mentionsSecret(words[1])
    }
}

extension Substring {
    /// The first range of `target` (no Foundation in this module).
    fileprivate func range(of target: String) -> Range<Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return index..<self.index(index, offsetBy: target.count)
            }
            index = self.index(after: index)
        }
        return nil
    }
}
