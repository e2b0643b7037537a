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
}
