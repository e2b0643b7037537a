import Rendering
import Testing
import WorkerProtocol

@Suite struct TerminalStyleTests {
    @Test(arguments: [
        ("plain text\n", "web1  | plain text\n"),
        ("crlf\r\n", "web1  | crlf\n"),
        ("cr\rmid\n", "web1  | cr\\x0dmid\n"),
        ("tab\tkept\n", "web1  | tab\tkept\n"),
        ("\u{1B}[2J\u{1B}]0;title\u{07}\n", "web1  | \\x1b[2J\\x1b]0;title\\x07\n"),
        ("nul\u{0}del\u{7F}\n", "web1  | nul\\x00del\\x7f\n"),
        ("c1 \u{9B}31m\n", "web1  | c1 \\u009b31m\n"),
        ("unicode é € 😀 ok\n", "web1  | unicode é € 😀 ok\n"),
        ("no newline\r", "web1  | no newline\n"),
        ("\r\n", "web1  | \n"),
        ("\r\r\n", "web1  | \\x0d\n"),
    ])
    func escapes(input: String, expected: String) {
        let lines = render([Chunk("web1", input)], style: .terminal(color: false, hostWidth: 5))
        #expect(texts(lines) == [expected])
    }

    @Test(arguments: [
        ([0xFF, 0x0A], "h | \\xff\n"),
        ([0x61, 0xC3, 0x0A], "h | a\\xc3\n"),                 // truncated sequence
        ([0xC0, 0xAF, 0x0A], "h | \\xc0\\xaf\n"),              // overlong '/'
        ([0xED, 0xA0, 0x80, 0x0A], "h | \\xed\\xa0\\x80\n"),   // surrogate
        ([0xF4, 0x90, 0x80, 0x80, 0x0A], "h | \\xf4\\x90\\x80\\x80\n"),  // above U+10FFFF
        ([0xE2, 0x82, 0xAC, 0xFE, 0x0A], "h | €\\xfe\n"),
    ] as [([UInt8], String)])
    func invalidUTF8IsEscapedByteByByte(input: [UInt8], expected: String) {
        let lines = render([Chunk("h", bytes: input)], style: .terminal(color: false, hostWidth: 0))
        #expect(texts(lines) == [expected])
    }

    @Test func hostsArePaddedButNeverCut() {
        let lines = render([Chunk("a", "1\n"), Chunk("longname", "2\n")], style: .terminal(color: false, hostWidth: 4))
        #expect(texts(lines) == ["a    | 1\n", "longname | 2\n"])
        #expect(LiveRenderer.hostWidth(for: ["a", "web01", "db1"]) == 5)
    }

    @Test func colourIsStablePerHostAndOutsideThePadding() {
        let code = HostColor.code(for: "web01")
        #expect(HostColor.palette.contains(code))
        #expect(HostColor.code(for: "web01") == code)
        let lines = render([Chunk("web01", "x\n")], style: .terminal(color: true, hostWidth: 7))
        #expect(texts(lines) == ["\u{1B}[\(code)mweb01\u{1B}[0m   | x\n"])
    }

    /// Pinned, so colours do not change between releases (operators learn them).
    @Test(arguments: [("web01", 34), ("web02", 35), ("db1", 36), ("localhost", 95), ("", 33)])
    func paletteAssignmentIsPinned(host: String, code: Int) {
        #expect(HostColor.code(for: host) == code)
    }

    @Test func spreadsOverThePalette() {
        let used = Set((1...50).map { HostColor.code(for: "node\($0)") })
        #expect(used.count >= 6)
    }

    @Test func escapedHostNamesCannotDriveTheTerminal() {
        let lines = render([Chunk("evil\u{1B}[2J", "x\n")], style: .terminal(color: false, hostWidth: 0))
        #expect(texts(lines) == ["evil\\x1b[2J | x\n"])
    }
}
