import LabSupport

/// INI texts for the configparser comparison: hand-written nasty ones and a seeded
/// generator that mixes every construct the reader handles.
enum IniCorpus {
    static let handWritten: [String] = [
        "[s]\na = 1\n", "[s]\na: 1\n", "[s]\na = b = c\n", "[s]\na : b = c\n", "[s]\na = b : c\n",
        "[s]\nKey = V\n", "[s]\nkey = 1\nKEY = 2\n", "[S]\na=1\n[s]\na=2\n", "[s]\n[s]\n", "a = 1\n[s]\n",
        "# c\n[s]\n", "; c\n[s]\n", "  # indented\n[s]\n", "[s]\na = 1 # not a comment\n", "[s]\na = 1 ; still value\n",
        "[s]\na = line1\n  line2\n    line3\n", "[s]\na = line1\n\n  line3\n", "[s]\na = line1\n\n\nb = 2\n",
        "[s]\na = 1\n  # comment inside\n  more\n", "[s]\na =\n", "[s]\na =   \n", "[s]\na\n", "[s]\n= 1\n",
        "[s]\na = %(b)s\nb = x\n", "[s]\na = %(B)s\nb = x\n", "[s]\na = 100%%\n", "[s]\na = 100%\n",
        "[s]\na = %(missing)s\n", "[s]\na = %(b)d\nb=1\n", "[s]\na = %(a)s\n", "[s]\na = %(b)s\nb = %(c)s\nc = z\n",
        "[DEFAULT]\nd = 1\n[s]\na = %(d)s\n", "[DEFAULT]\nd = %(a)s\n[s]\na = 2\n[t]\na = 3\n",
        "[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\n", "[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n[s]\n", "[default]\na=1\n",
        "[ s ]\na = 1\n", "[a]b]\nx = 1\n", "[]\n", "[]]\na=1\n", "[s] trailing\na = 1\n", "  [s]\na = 1\n",
        "[s]\n  a = 1\n  b = 2\n    c\n", "[s]\n\ta = 1\n\t\tb\n", "[s]\r\na = 1\r\n  x\r\n", "[s]\ra = 1\r",
        "[s]\na = 1\nbad line\nb = 2\n", "[s]\nbad line\n[s]\n", "[s]\na = %\n", "[s]\na = %(\n", "[s]\na = %()s\n",
        "[s]\na = é%(b)s\nb = ü\n", "\u{FEFF}[s]\na = 1\n", "[s]\na = 1   \n   \n", "", "\n\n", "# only a comment\n",
        "[s]\n:= 1\n", "[s]\na:=1\n", "[s]\n a = 1\n[t]\n b\n", "[s]\na = 1\n [t]\n", "[s]\na = 1\n[t]\n  b = 2\n",
        "[s]\na = %%(b)s\n", "[s]\na = x\nb = %(a)s%(a)s\n", "[s]\nA b C = 1\n", "[s]\na\t=\t1\n",
        "[DEFAULT]\nx = 1\n", "[s]\na = \\\n  b\n", "[s]\na = 1\n\n  \n  b\n", "[s]\na = \"quoted\"\n",
        "[s]\nhostname = web01\nport = 22\nusername = %(user)s\nuser = me\n", "[s]\na = 1\n\t\n\tb\n",
        "[s]\na = %(b)s\nb = %(c)s\nc = %(d)s\nd = %(e)s\ne = %(f)s\nf = %(g)s\ng = %(h)s\nh = %(i)s\ni = %(j)s\nj = %(k)s\nk = %%\n",
        "[s]\na = %(b)s\nb = %(c)s\nc = %(d)s\nd = %(e)s\ne = %(f)s\nf = %(g)s\ng = %(h)s\nh = %(i)s\ni = %(j)s\nj = %(k)s\nk = %(l)s\nl = %%\n",
    ]

    static func generated(count: Int, seed: UInt64) -> [String] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in file(&random) }
    }

    private static func file(_ random: inout SeededRandom) -> String {
        var lines: [String] = random.next(below: 20) == 0 ? [] : [header(&random)]
        if random.next(below: 3) > 0 { lines = ["[DEFAULT]", "a = base", "b = %(a)s/b", "port = 22"] + lines }
        for _ in 0..<(2 + random.next(below: 12)) { lines.append(line(&random)) }
        let ending = ["\n", "\n", "\n", "\r\n", "\r"][random.next(below: 5)]
        return lines.joined(separator: ending) + (random.next(below: 3) == 0 ? "" : ending)
    }

    private static func line(_ random: inout SeededRandom) -> String {
        switch random.next(below: 40) {
        case 0, 1: return header(&random)
        case 2, 3, 4: return ""
        case 5, 6: return ["#", ";", "  #", "\t;"][random.next(below: 4)] + " comment"
        case 7, 8, 9, 10: return String(repeating: [" ", "\t"][random.next(below: 2)], count: 1 + random.next(below: 4)) + value(&random)
        case 11: return ["bare", "= v", " = v", "k"][random.next(below: 4)]
        default: return option(&random)
        }
    }

    private static func header(_ random: inout SeededRandom) -> String {
        ["[s1]", "[s2]", "[S1]", "[DEFAULT]", "[ s3 ]", "[g:x]", "[web01]", "[s1] x", "  [s2]", "[s4]", "[s5]", "[s6]"][random.next(below: 12)]
    }

    private static func option(_ random: inout SeededRandom) -> String {
        let keys = ["a", "b", "A", "c", "port", "user name", "x"]
        let key = random.next(below: 4) == 0 ? keys[random.next(below: keys.count)] : "k\(random.next(below: 80))"
        let space = [" ", "", "\t", "  "][random.next(below: 4)]
        let delimiter = ["=", ":", "=", "="][random.next(below: 4)]
        return key + space + delimiter + space + value(&random)
    }

    private static func value(_ random: inout SeededRandom) -> String {
        let safe = ["v", "1", "%(a)s", "%(b)s", "%(port)s", "%%", "= x", ": y", " sp ", "#h", ";s", "é", "", "%(A)s"]
        let risky = ["%", "%(zz)s", "%(x)s", "%(c)d"]
        return (0..<random.next(below: 4)).map { _ in
            random.next(below: 25) == 0 ? risky[random.next(below: risky.count)] : safe[random.next(below: safe.count)]
        }.joined()
    }
}

