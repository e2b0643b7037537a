import LabSupport

/// Seeded random configurations for the differential test: Host and Match blocks,
/// supported options with good and bad values, every spelling of `=`, quotes, comments,
/// keyword case. Most read; some must be refused, by both.
enum GeneratedConfigs {
    static let hosts = ["web1", "web9", "db1", "alias", "x.example.com", "WEB1", "admin@web1", "deploy@alias"]

    static let hostPatterns = ["web*", "!web9", "db?", "alias", "*", "*.example.com", "WEB1", "x*", "real*"]
    static let matchCriteria = [
        "all", "host *.example.com", "host real*", "!host web*", "originalhost alias", "user admin", "user !root,*",
        "localuser root", "canonical", "final", "host web1,db1", "!originalhost WEB*", "host=web1",
    ]
    static let options: [(String, [String])] = [
        ("HostName", ["real.example.com", "%h.example.com", "Real", "10.0.0.1", "%h", "x%%y"]),
        ("User", ["admin", "deploy", "\"two words\"", "root"]),
        ("Port", ["22", "2222", "ssh", "65535", "0", "abc", "22 23"]),
        ("IdentityFile", ["/k/a", "/k/b", "~/.ssh/id_x", "none", "\"/k/sp ace\"", "/k/a#b"]),
        ("StrictHostKeyChecking", ["yes", "no", "ask", "accept-new", "off", "True", "maybe"]),
        ("ConnectTimeout", ["5", "1m", "none", "0", "1h30m", "-1", "5x"]),
        ("ProxyJump", ["j1", "u@j2:2200,j3", "none", "j4 # note", "a@"]),
        ("ProxyCommand", ["nc %h %p", "none"]),
        ("UserKnownHostsFile", ["/kh/%h-%p", "none", "/a /b", "~/kh %d/%u/%n", "/kh/%r"]),
        ("GlobalKnownHostsFile", ["/g1 /g2", "none", "/g/%h"]),
        ("IdentityAgent", ["~/agent.sock", "none", "SSH_AUTH_SOCK", "$MY_SOCK", "/run/%u/%h-%p", "$BAD-NAME"]),
        ("BatchMode", ["yes", "no", "maybe"]),
        ("IdentitiesOnly", ["yes", "false"]),
        ("HashKnownHosts", ["yes", "no"]),
        ("ServerAliveCountMax", ["2", "0", "-1"]),
        ("Compression", ["yes", "no", "maybe"]),
        ("ForwardX11", ["no", "yes", "2"]),
        ("CheckHostIP", ["yes", "no", "perhaps"]),
        ("ConnectionAttempts", ["3", "-1", "x"]),
        ("AddressFamily", ["inet", "any", "ipx"]),
        ("ForwardX11Timeout", ["20m", "none", "x"]),
        ("Ciphers", ["aes128-ctr"]),
        ("SendEnv", ["LANG LC_*"]),
        ("UseKeychain", ["yes"]),
        ("IgnoreUnknown", ["UseKeychain", "Use*,Frob"]),
    ]
    /// Files the generated `Include` lines name (`DIR` is the test folder).
    static let includedFiles = [
        "inc/a.conf": "User inc\nHost db1\n  Port 3306\n",
        "inc/b.conf": "Match host web*\n  IdentityFile /k/inc\n  Port 2\n",
        "inc/c.conf": "Host alias\n  HostName from-include\n",
    ]
    static let includes = ["DIR/inc/*.conf", "DIR/inc/a.conf DIR/inc/c.conf", "DIR/inc/none-*.conf", "DIR/inc/b.conf"]

    static let separators = [" ", "=", " = ", "\t", "  ", " ="]

    static func generate(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in config(&random) }
    }

    private static func config(_ random: inout SeededRandom) -> String {
        var lines: [String] = []
        for _ in 0..<(3 + random.next(below: 10)) { lines.append(line(&random)) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func line(_ random: inout SeededRandom) -> String {
        switch random.next(below: 20) {
        case 0: return random.next(below: 2) == 0 ? "# a comment" : ""
        case 1, 2: return "Host " + pick(hostPatterns, count: 1 + random.next(below: 3), &random).joined(separator: " ")
        case 3: return "Match " + pick(matchCriteria, count: 1 + random.next(below: 2), &random).joined(separator: " ")
        case 4: return "  Include " + includes[random.next(below: includes.count)]
        default: return "  " + option(&random)
        }
    }

    private static func option(_ random: inout SeededRandom) -> String {
        let (name, values) = options[random.next(below: options.count)]
        let keyword = random.next(below: 4) == 0 ? name.lowercased() : name
        let separator = separators[random.next(below: separators.count)]
        let comment = random.next(below: 5) == 0 ? " # trailing" : ""
        return keyword + separator + values[random.next(below: values.count)] + comment
    }

    private static func pick(_ items: [String], count: Int, _ random: inout SeededRandom) -> [String] {
        (0..<count).map { _ in items[random.next(below: items.count)] }
    }
}
