import Rendering
import Testing
import WorkerProtocol

@Suite struct GatherRendererTests {
    private func gather(_ chunks: [Chunk], _ results: [HostResult], limit: Int = GatherRenderer.defaultByteLimitPerStream)
        -> GatherRenderer
    {
        var renderer = GatherRenderer(byteLimitPerStream: limit)
        for chunk in chunks { renderer.feed(host: chunk.host, stream: chunk.stream, bytes: chunk.bytes) }
        for result in results { renderer.finish(result) }
        return renderer
    }

    @Test func groupsIdenticalOutputAndOutcomeInHostSetOrder() {
        let renderer = gather(
            [Chunk("web10", "up 3 days\n"), Chunk("web02", "up 3 days\n"), Chunk("web01", "up 3 days\n"),
             Chunk("db1", "different\n"), Chunk("web04", "up 3 days\n")],
            [result("web10", .exited(0)), result("web04", .exited(1)), result("web02", .exited(0)),
             result("web01", .exited(0)), result("db1", .exited(0)), result("db2", refused)])
        #expect(renderer.render(includeStderr: false, color: false) == """
            ---------------
            db1 (1)
            ---------------
            different
            ---------------
            db2 (1): refused: connection refused
            ---------------
            ---------------
            web[01-02,10] (3)
            ---------------
            up 3 days
            ---------------
            web04 (1): exited 1
            ---------------
            up 3 days

            """)
    }

    @Test(arguments: [
        (HostOutcome.exited(2), "exited 2"), (.signalled("TERM"), "killed by TERM"), (.timedOut, "timed out"),
        (.cancelled, "cancelled"), (.failed(kind: "auth-failed", message: "no method worked"), "auth-failed: no method worked"),
        (.failed(kind: "worker-died", message: ""), "worker-died"),
    ])
    func headerNamesTheOutcome(outcome: HostOutcome, reason: String) {
        let renderer = gather([Chunk("n1", "x\n"), Chunk("n2", "x\n")], [result("n1", outcome), result("n2", outcome)])
        #expect(renderer.render(includeStderr: false, color: false) == "---------------\nn[1-2] (2): \(reason)\n---------------\nx\n")
    }

    @Test func stderrIsShownAndComparedOnlyWithB() {
        let chunks = [
            Chunk("web1", "out\n"), Chunk("web1", "warn\n", .stderr), Chunk("web2", "out\n"), Chunk("web3", "out\n"),
            Chunk("web3", "warn\n", .stderr),
        ]
        let renderer = gather(chunks, ["web1", "web2", "web3"].map { result($0, .exited(0)) })
        #expect(renderer.render(includeStderr: false, color: false) == """
            ---------------
            web[1-3] (3)
            ---------------
            out

            """)
        #expect(renderer.render(includeStderr: true, color: false) == """
            ---------------
            web[1,3] (2)
            ---------------
            out
            warn
            ---------------
            web2 (1)
            ---------------
            out

            """)
    }

    @Test func stderrFollowsStdoutWhateverTheArrivalOrder() {
        let early = gather([Chunk("a1", "e\n", .stderr), Chunk("a1", "o\n")], [result("a1", .exited(0))])
        let late = gather([Chunk("a2", "o\n"), Chunk("a2", "e\n", .stderr)], [result("a2", .exited(0))])
        #expect(early.render(includeStderr: true, color: false) == "---------------\na1 (1)\n---------------\no\ne\n")
        #expect(late.render(includeStderr: true, color: false) == "---------------\na2 (1)\n---------------\no\ne\n")
    }

    @Test func sameOutputDifferentOutcomeSplits() {
        let renderer = gather(
            [Chunk("h1", "same\n"), Chunk("h2", "same\n"), Chunk("h3", "same\n")],
            [result("h1", .exited(0)), result("h2", .exited(3)), result("h3", .exited(0))])
        #expect(renderer.render(includeStderr: false, color: false) == """
            ---------------
            h[1,3] (2)
            ---------------
            same
            ---------------
            h2 (1): exited 3
            ---------------
            same

            """)
    }

    @Test func chunkingDoesNotMatter() {
        let whole = gather([Chunk("x1", "a\nb\n"), Chunk("x2", "a\nb\n")], [result("x1", .exited(0)), result("x2", .exited(0))])
        let pieces = gather(byteByByte([Chunk("x1", "a\nb\n"), Chunk("x2", "a\nb\n")]),
                            [result("x1", .exited(0)), result("x2", .exited(0))])
        #expect(whole.render(includeStderr: false, color: false) == pieces.render(includeStderr: false, color: false))
        #expect(whole.render(includeStderr: false, color: false).contains("x[1-2] (2)"))
    }

    @Test func okHostsWithoutOutputAreLeftOut() {
        let renderer = gather([Chunk("a", "hi\n")], [result("a", .exited(0)), result("b", .exited(0))])
        #expect(renderer.render(includeStderr: false, color: false) == "---------------\na (1)\n---------------\nhi\n")
        #expect(gather([], [result("b", .exited(0))]).render(includeStderr: true, color: false) == "")
    }

    @Test func hostsWithoutAResultSaySo() {
        let renderer = gather([Chunk("a", "partial")], [])
        #expect(renderer.render(includeStderr: false, color: false) == "---------------\na (1): no result\n---------------\npartial\n")
    }

    @Test func outputIsEscapedAndCRLFNormalised() {
        let renderer = gather([Chunk("a", "x\r\n\u{1B}[31mred\ttab\n"), Chunk("a", bytes: [0xFF, 0x41])], [result("a", .exited(0))])
        #expect(renderer.render(includeStderr: false, color: false)
            == "---------------\na (1)\n---------------\nx\n\\x1b[31mred\ttab\n\\xffA\n")
    }

    @Test func memoryIsCappedPerStream() {
        var renderer = GatherRenderer(byteLimitPerStream: 10)
        for _ in 0..<1000 { renderer.feed(host: "big", stream: .stdout, bytes: bytes("0123456789\n")) }
        renderer.feed(host: "big", stream: .stderr, bytes: bytes("err\n"))
        renderer.finish(result("big", .exited(0)))
        #expect(renderer.bufferedByteCount == 14)
        #expect(renderer.render(includeStderr: true, color: false) == """
            ---------------
            big (1)
            ---------------
            0123456789
            [… 10990 bytes dropped]
            err

            """)
    }

    @Test func droppedCountsTakePartInGrouping() {
        let renderer = gather([Chunk("a", "0123456789xx"), Chunk("b", "0123456789y")],
                              [result("a", .exited(0)), result("b", .exited(0))], limit: 10)
        let text = renderer.render(includeStderr: false, color: false)
        #expect(text.contains("[… 2 bytes dropped]") && text.contains("[… 1 bytes dropped]"))
    }

    @Test func colourPaintsHeadersReasonsAndStderr() {
        let renderer = gather([Chunk("a", "o\n"), Chunk("a", "e\n", .stderr)], [result("a", .exited(1))])
        let blue = "\u{1B}[34m", red = "\u{1B}[31m", reset = "\u{1B}[0m"
        let dashes = "\(blue)---------------\(reset)"
        #expect(renderer.render(includeStderr: true, color: true)
            == "\(dashes)\n\(blue)a (1)\(reset): \(red)exited 1\(reset)\n\(dashes)\no\n\(red)e\(reset)\n")
    }
}
