import Foundation
import LabSupport
import Testing

/// The process boundary is a module boundary: nothing on the shell's side of it names
/// the SSH layer or the worker. (CI's build, with
/// `--explicit-target-dependency-import-check error`, refuses undeclared imports; this
/// refuses the declared-but-wrong ones.)
@Suite struct LayerTests {
    static let shellSide = ["Broadcasting", "Shell", "ChorusCLI", "JobDispatch", "Rendering", "LineEditing"]
    static let workerSide = ["SSHClient", "WorkerRuntime", "CLibSSH2"]

    @Test(arguments: shellSide)
    func theShellSideNeverImportsTheSSHLayer(module: String) throws {
        let folder = LabScript.repositoryRoot.appendingPathComponent("Sources/\(module)")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let imported = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(!Self.workerSide.contains(imported), "\(module)/\(file): \(line)")
            }
        }
    }

    /// Every process of chorus (the shell, each worker, the mux) is this one binary, so a
    /// single `import Foundation` anywhere makes all of them load Foundation's libraries:
    /// about 4 MB of memory and 3 ms of start-up each (82 against 102 KB per host on 1000
    /// hosts, in `share/benchmarks/broadcast`). FoundationEssentials (JSON, FileManager)
    /// is the most any module takes; threads and locks come from `Posix` and the
    /// standard library's `Synchronization`.
    @Test func noModuleImportsTheWholeOfFoundation() throws {
        let sources = LabScript.repositoryRoot.appendingPathComponent("Sources")
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        #expect(files.count > 100)
        for file in files {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("import ") || line.contains(" import ") {
                let imported = line.split(separator: " ").last.map(String.init) ?? ""
                #expect(imported != "Foundation", "Sources/\(file): \(line)")
            }
        }
    }
}
