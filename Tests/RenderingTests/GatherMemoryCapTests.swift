import Foundation
import Rendering
import Testing
import WorkerProtocol

/// Gathered output for many hosts in bounded memory: past the store's memory limit
/// output goes to a private, already unlinked temporary file, and the groups come out
/// exactly as if everything had stayed in memory.
@Suite struct GatherMemoryCapTests {
    /// 60 hosts in three kinds (alike, each its own, and past the per-stream cap), with
    /// stderr, fed in small interleaved chunks.
    private func feedMixedOutput(_ renderer: inout GatherRenderer) {
        for round in 0..<20 {
            for index in 1...60 {
                let host = "node\(index)"
                let line: String
                switch index % 3 {
                case 0: line = "same line \(round)\n"
                case 1: line = "\(host) says \(round)\n"
                default: line = String(repeating: "z", count: 50) + "\n"
                }
                renderer.feed(host: host, stream: .stdout, bytes: Array(line.utf8))
                if index % 4 == 0 { renderer.feed(host: host, stream: .stderr, bytes: Array("warn \(round % 2)\n".utf8)) }
            }
        }
        for index in 1...60 { renderer.finish(HostResult(host: "node\(index)", outcome: .exited(index % 7 == 0 ? 1 : 0), durationMillis: 1)) }
    }

    @Test func capIsHonouredAndTheGroupsAreIdentical() throws {
        let scratch = NSTemporaryDirectory() + "chorus-spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var inMemory = GatherRenderer(byteLimitPerStream: 600)
        var capped = GatherRenderer(byteLimitPerStream: 600, memoryLimit: 2000, spillDirectory: scratch)
        feedMixedOutput(&inMemory)
        feedMixedOutput(&capped)

        #expect(inMemory.spilledByteCount == 0)
        #expect(capped.memoryByteCount <= 2000)
        #expect(capped.spilledByteCount > 20_000, "most of the output went to the file")
        #expect(capped.bufferedByteCount == inMemory.bufferedByteCount)
        #expect(capped.spillFailure == nil)
        for includeStderr in [false, true] {
            let expected = inMemory.render(includeStderr: includeStderr, color: false)
            #expect(capped.render(includeStderr: includeStderr, color: false) == expected)
            #expect(expected.contains("bytes dropped]"), "the per-stream cap still applies")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch).isEmpty, "the file is unlinked at once")
        try withExtendedLifetime(capped) {
            let open = try #require(Self.openDeletedFile(in: scratch), "the renderer holds the file open")
            #expect(open.mode & 0o777 == 0o600)
        }
    }

    @Test func streamingTheGroupsGivesTheSameText() {
        var renderer = GatherRenderer(byteLimitPerStream: 600, memoryLimit: 100)
        feedMixedOutput(&renderer)
        var pieces: [String] = []
        renderer.render(includeStderr: true, color: false) { pieces.append($0) }
        #expect(pieces.count > 1)
        #expect(pieces.joined() == renderer.render(includeStderr: true, color: false))
    }

    @Test func outputThatCannotBeSpilledIsCountedAsDropped() {
        var renderer = GatherRenderer(memoryLimit: 4, spillDirectory: "/nonexistent-chorus-folder")
        renderer.feed(host: "a", stream: .stdout, bytes: Array("abc\n".utf8))
        renderer.feed(host: "a", stream: .stdout, bytes: Array("defg\n".utf8))
        renderer.finish(HostResult(host: "a", outcome: .exited(0), durationMillis: 1))
        #expect(renderer.spillFailure?.description.hasPrefix("cannot create a temporary file in /nonexistent-chorus-folder") == true)
        #expect(renderer.render(includeStderr: false, color: false)
            == "---------------\na (1)\n---------------\nabc\n[… 5 bytes dropped]\n")
    }

    /// This process's descriptor on a deleted file that was in `folder`, with its mode.
    private static func openDeletedFile(in folder: String) -> (path: String, mode: UInt16)? {
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for descriptor in descriptors {
            let link = "/proc/self/fd/" + descriptor
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: link),
                  target.hasPrefix(folder + "/chorus-output-"), target.hasSuffix(" (deleted)") else { continue }
            var info = stat()
            guard stat(link, &info) == 0 else { continue }
            return (target, UInt16(info.st_mode))
        }
        return nil
    }
}
