import Rendering
import Testing

@Suite struct ProgressLineTests {
    static let running = ["web07", "web08", "web09", "db3"]

    @Test(arguments: [
        (80, "[37/50] 2 failed · waiting on db3,web[07-09]"),
        (44, "[37/50] 2 failed · waiting on db3,web[07-09]"),
        (43, "[37/50] 2 failed · waiting on db3,… (+3)"),
        (40, "[37/50] 2 failed · waiting on db3,… (+3)"),
        (39, "[37/50] 2 failed · waiting on 4 hosts"),
        (37, "[37/50] 2 failed · waiting on 4 hosts"),
        (36, "[37/50] 2 failed"),
        (16, "[37/50] 2 failed"),
        (15, "[37/50] 2 faile"),
        (1, "["),
        (0, ""),
    ])
    func fitsTheWidth(width: Int, expected: String) {
        let text = ProgressLine.text(done: 37, failed: 2, total: 50, running: Self.running, width: width)
        #expect(text == expected)
        #expect(text.count <= max(0, width))
    }

    @Test func withoutFailuresOrRunningHosts() {
        #expect(ProgressLine.text(done: 50, failed: 0, total: 50, running: [], width: 80) == "[50/50]")
        #expect(ProgressLine.text(done: 1, failed: 0, total: 2, running: ["a"], width: 80) == "[1/2] · waiting on a")
        #expect(ProgressLine.text(done: 1, failed: 0, total: 2, running: ["abcdefgh"], width: 25) == "[1/2] · waiting on 1 host")
        #expect(ProgressLine.text(done: 1, failed: 0, total: 2, running: ["a"], width: 18) == "[1/2]")
    }

    @Test(arguments: [
        (47, "[0/5] · waiting on a1,b[1-2],c,delta-long-name5"),
        (46, "[0/5] · waiting on a1,b[1-2],c,… (+1)"),
        (36, "[0/5] · waiting on a1,b[1-2],… (+2)"),
        (30, "[0/5] · waiting on a1,… (+4)"),
        (27, "[0/5] · waiting on 5 hosts"),
        (25, "[0/5]"),
    ])
    func cutsAtWholePatterns(width: Int, expected: String) {
        let running = ["delta-long-name5", "b2", "a1", "c", "b1"]
        #expect(ProgressLine.text(done: 0, failed: 0, total: 5, running: running, width: width) == expected)
    }

    @Test func everyWidthFits() {
        let running = (1...300).map { "node\($0 * 3)" }
        for width in stride(from: 0, through: 200, by: 4) {
            let text = ProgressLine.text(done: 1, failed: 1, total: 301, running: running, width: width)
            #expect(text.count <= width)
        }
    }
}
