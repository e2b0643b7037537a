import LabSupport
import Rendering
import Testing
import WorkerProtocol

@Suite struct LiveRendererTests {
    static let plainCases: [(chunks: [Chunk], expected: [String])] = [
        ([Chunk("web1", "hello\n")], ["web1: hello\n"]),
        ([Chunk("web1", "a\nb\n")], ["web1: a\n", "web1: b\n"]),
        ([Chunk("web1", "no newline")], ["web1: no newline\n"]),
        ([Chunk("web1", "\n\n")], ["web1: \n", "web1: \n"]),
        ([Chunk("web1", "")], []),
        ([Chunk("web1", "crlf\r\n")], ["web1: crlf\r\n"]),
        ([Chunk("web1", "tab\there\n")], ["web1: tab\there\n"]),
        // Interleaved partial lines from two hosts never mix.
        ([Chunk("web1", "hel"), Chunk("web2", "wor"), Chunk("web1", "lo\n"), Chunk("web2", "ld\n")],
         ["web1: hello\n", "web2: world\n"]),
        ([Chunk("a", "1"), Chunk("b", "2"), Chunk("c", "3\n"), Chunk("b", "2\n"), Chunk("a", "1\n")],
         ["c: 3\n", "b: 22\n", "a: 11\n"]),
        // stdout and stderr of one host are separate lines too.
        ([Chunk("web1", "out"), Chunk("web1", "err\n", .stderr), Chunk("web1", "put\n")],
         ["web1: err\n", "web1: output\n"]),
        // Unfinished last lines are flushed on finish, stdout first.
        ([Chunk("web1", "late err", .stderr), Chunk("web1", "late out")],
         ["web1: late out\n", "web1: late err\n"]),
    ]

    @Test(arguments: plainCases)
    func plainLines(chunks: [Chunk], expected: [String]) {
        #expect(texts(render(chunks, style: .plain)) == expected)
    }

    @Test(arguments: plainCases)
    func byteByByteFeedingGivesTheSameLines(chunks: [Chunk], expected: [String]) {
        let styles: [LiveStyle] = [.plain, .terminal(color: true, hostWidth: 6)]
        for style in styles {
            #expect(render(byteByByte(chunks), style: style) == render(chunks, style: style))
        }
    }

    @Test func streamsAreKept() {
        let lines = render([Chunk("h", "o\n"), Chunk("h", "e\n", .stderr)], style: .plain)
        #expect(lines.map(\.stream) == [.stdout, .stderr])
    }

    @Test func plainModeIsByteExactForBinary() {
        let payload: [UInt8] = Array(0...255).filter { $0 != 0x0A }.map(UInt8.init)
        let lines = render([Chunk("bin", bytes: payload + [0x0A] + payload)], style: .plain)
        #expect(lines.map(\.bytes) == [bytes("bin: ") + payload + [0x0A], bytes("bin: ") + payload + [0x0A]])
    }

    @Test func manyHostsInterleavedAtRandomNeverShareALine() {
        var generator = SeededRandom(seed: 7)
        let hosts = (1...8).map { "node\($0)" }
        var expected: [String: [String]] = [:]
        var pending: [String: [UInt8]] = [:]
        for host in hosts {
            let lines = (0..<20).map { "\(host) line \($0) " + String(repeating: "x", count: Int(generator.next() % 40)) }
            expected[host] = lines.map { "\(host): \($0)\n" }
            pending[host] = bytes(lines.joined(separator: "\n") + "\n")
        }
        var chunks: [Chunk] = []
        while let host = hosts.filter({ !(pending[$0] ?? []).isEmpty }).randomElement(using: &generator) {
            let rest = pending[host] ?? []
            let size = min(rest.count, 1 + Int(generator.next() % 17))
            chunks.append(Chunk(host, bytes: Array(rest.prefix(size))))
            pending[host] = Array(rest.dropFirst(size))
        }
        let lines = texts(render(chunks, style: .plain))
        for host in hosts {
            #expect(lines.filter { $0.hasPrefix("\(host): ") } == expected[host])
        }
        #expect(lines.count == 8 * 20)
    }

    @Test func tenMegabyteLineWithoutNewlineStaysBounded() {
        var renderer = LiveRenderer(style: .plain)
        let chunk = [UInt8](repeating: UInt8(ascii: "y"), count: 100_000)
        var emitted = 0
        var pieces = 0
        for _ in 0..<100 {
            for line in renderer.feed(host: "big", stream: .stdout, bytes: chunk) {
                #expect(line.bytes.count <= 64 * 1024 + "big: \n".utf8.count)
                emitted += line.bytes.count - "big: \n".utf8.count
                pieces += 1
            }
            #expect(renderer.bufferedByteCount <= 64 * 1024)
        }
        for line in renderer.finish(host: "big") { emitted += line.bytes.count - "big: \n".utf8.count }
        #expect(emitted == 10_000_000)
        #expect(pieces == 10_000_000 / 65_536)
        #expect(renderer.bufferedByteCount == 0)
    }

    /// The batched feed (one write per run of lines) gives the bytes of the per-line
    /// feed, joined, in order, per stream: random chunks of short lines, long lines cut
    /// into pieces, multi-byte characters across cuts, both styles, runs of every size.
    @Test(arguments: [(1 as UInt64, 1), (2, 7), (3, 64), (4, 1 << 20)])
    func batchedFeedGivesTheSameBytesAsLines(seed: UInt64, batchBytes: Int) {
        var random = SeededRandom(seed: seed)
        let words: [[UInt8]] = [bytes("ab"), bytes("é"), bytes("日本"), bytes("\n"), bytes("\r\n"), [0xFF],
                                [UInt8](repeating: 0x79, count: 40)]
        var stream: [UInt8] = []
        for _ in 0..<400 { stream += words[Int(random.next() % UInt64(words.count))] }
        for style in [LiveStyle.plain, .terminal(color: true, hostWidth: 6)] {
            var perLine = LiveRenderer(style: style, pieceLimit: 16)
            var batched = LiveRenderer(style: style, pieceLimit: 16)
            var byteWise = LiveRenderer(style: style, pieceLimit: 16)  // never a whole line in one chunk
            var expected: [UInt8] = [], got: [UInt8] = [], slow: [UInt8] = []
            var offset = 0
            while offset < stream.count {
                let end = min(stream.count, offset + 1 + Int(random.next() % 90))
                let chunk = Array(stream[offset..<end])
                let streamKind: StandardStream = random.next() % 4 == 0 ? .stderr : .stdout
                for line in perLine.feed(host: "h", stream: streamKind, bytes: chunk) { expected += line.bytes }
                for byte in chunk {
                    for line in byteWise.feed(host: "h", stream: streamKind, bytes: [byte]) { slow += line.bytes }
                }
                batched.feed(host: "h", stream: streamKind, bytes: chunk, batchBytes: batchBytes) { run in
                    #expect(run.stream == streamKind)
                    #expect(run.bytes.last == 0x0A)
                    got += run.bytes
                }
                offset = end
            }
            #expect(got == expected)
            #expect(slow == expected)
            #expect(perLine.bufferedByteCount == batched.bufferedByteCount)
        }
    }

    @Test func oneHugeChunkIsCutIntoPieces() {
        var renderer = LiveRenderer(style: .plain)
        let lines = renderer.feed(host: "h", stream: .stdout, bytes: [UInt8](repeating: 0x41, count: 200_000) + [0x0A])
        #expect(lines.map { $0.bytes.count - 4 } == [65_536, 65_536, 65_536, 200_000 - 3 * 65_536])
    }

    @Test(arguments: [
        // (line length, piece limit) → piece lengths; a line exactly one piece long is one line.
        (8, 8, [8]), (9, 8, [8, 1]), (16, 8, [8, 8]), (17, 8, [8, 8, 1]), (0, 8, [0]),
    ])
    func pieceBoundaries(length: Int, limit: Int, pieces: [Int]) {
        let line = [UInt8](repeating: 0x61, count: length) + [0x0A]
        let lines = render([Chunk("h", bytes: line)], style: .plain, pieceLimit: limit)
        #expect(lines.map { $0.bytes.count - 4 } == pieces)
        #expect(render(byteByByte([Chunk("h", bytes: line)]), style: .plain, pieceLimit: limit) == lines)
    }

    @Test func piecesDoNotSplitACharacter() {
        // "aaaaaaé…": the two-byte é straddles the 8-byte limit and moves to the next piece.
        let lines = render([Chunk("h", "aaaaaaaé" + "bbbb\n")], style: .terminal(color: false, hostWidth: 0), pieceLimit: 8)
        #expect(texts(lines) == ["h | aaaaaaa\n", "h | ébbbb\n"])
        let euro = render(byteByByte([Chunk("h", "aaaaaa€€\n")]), style: .plain, pieceLimit: 8)
        #expect(texts(euro) == ["h: aaaaaa\n", "h: €€\n"])
    }

    @Test func finishOnlyFlushesThatHost() {
        var renderer = LiveRenderer(style: .plain)
        _ = renderer.feed(host: "a", stream: .stdout, bytes: bytes("pa"))
        _ = renderer.feed(host: "b", stream: .stdout, bytes: bytes("pb"))
        #expect(texts(renderer.finish(host: "a")) == ["a: pa\n"])
        #expect(renderer.finish(host: "a").isEmpty)
        #expect(texts(renderer.finish(host: "b")) == ["b: pb\n"])
    }
}

