import Foundation
import LabSupport
import Testing

/// `share/benchmarks/broadcast --plot` draws its numbers with share/benchmarks/plot-broadcast:
/// given two sizes' results it writes a PNG (gnuplot, from share/bootstrap).
@Suite struct BenchmarkPlotTests {
    @Test func resultsOfTwoSizesBecomeAPNG() throws {
        let folder = try Scratch()
        defer { folder.remove() }
        try folder.write("results.50", Data("chorus 0.59 0.10\npdsh[curve] 1.01 0.90\n".utf8))
        try folder.write("results.200", Data("chorus 2.30 0.25\npdsh[curve] 4.20 3.10\n".utf8))
        let script = LabScript.repositoryRoot.appendingPathComponent("share/benchmarks/plot-broadcast").path
        let run = try LabScript.runProgram(script, [folder.path("plot.png"), "uname -n", folder.path("results.50"), folder.path("results.200")])
        #expect(run.status == 0, "\(run.stderr)")
        let png = try #require(FileManager.default.contents(atPath: folder.path("plot.png")))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), "a PNG file")
        #expect(png.count > 5_000, "a drawn plot, not an empty image")
    }
}
