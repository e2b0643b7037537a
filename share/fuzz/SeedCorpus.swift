// `fuzz-seeds DIR`: writes the test suites' corpora as libFuzzer seed files,
// DIR/ini/, DIR/patterns/ and DIR/frames/, one input per file. Built by share/fuzz/run
// together with Tests/InventoryTests/IniCorpus.swift,
// Tests/HostPatternsTests/PatternCorpus.swift and Tests/WorkerProtocolTests/SampleFrames.swift,
// so the seeds are the inputs the differential and fuzz tests use.
import Foundation
import WorkerProtocol

@main
enum SeedCorpus {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count == 2 else {
            FileHandle.standardError.write(Data("usage: fuzz-seeds DIR\n".utf8))
            exit(2)
        }
        let ini = IniCorpus.handWritten + IniCorpus.generated(count: 800, seed: 42)
        let patterns = PatternCorpus.handWritten + PatternCorpus.combiningMarks
            + PatternCorpus.generated(count: 1500, seed: 20_240_601)
            + PatternCorpus.generatedGrids(count: 800, seed: 7) + PatternCorpus.numericEdges
        // The frame target reads its first byte as a control byte (piece size, limit).
        let frames = SampleFrames.small.enumerated().map { index, frame in
            [UInt8(truncatingIfNeeded: index)] + FrameEncoder.encode(frame)
        } + [[0x07] + SampleFrames.stream(SampleFrames.small)]
        try write(ini.map { Array($0.utf8) }, to: arguments[1] + "/ini")
        try write(patterns.map { Array($0.utf8) }, to: arguments[1] + "/patterns")
        try write(frames, to: arguments[1] + "/frames")
    }

    static func write(_ inputs: [[UInt8]], to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (index, input) in inputs.enumerated() {
            try Data(input).write(to: URL(fileURLWithPath: directory + "/seed-\(index)"))
        }
    }
}
