@testable import Inventory
import LabSupport
import Testing

/// A bounded, fixed-seed fuzz of the inventory reader (share/fuzz/run `ini` runs the
/// same checks coverage-guided, for as long as asked): the configparser corpus mutated,
/// read, interpolated, checked and merged. Nothing traps; every error names the file
/// and a line that exists in it.
@Suite struct IniFuzzTests {
    static let inputs = 4000
    static let tokens = ["[", "]", "[DEFAULT]", "[group:", "=", ":", "%(", ")s", "%%", "\n  ", "\r\n", "#", ";",
                         "hostname = ", "port = ", "username = ", "password = ", "identity_file = ~/", "groups = ",
                         "connect_timeout = ", "known_hosts_policy = ", "password_prompt = "]

    @Test func mutatedFilesLoadOrFailOnARealLine() {
        var mutator = SeededMutator(seeds: IniCorpus.handWritten + IniCorpus.generated(count: 200, seed: 42),
                                    tokens: Self.tokens, seed: 0x1_F11E)
        var loaded = 0, failed = 0
        for _ in 0..<Self.inputs {
            let text = String(decoding: mutator.next(), as: UTF8.self)
            let lines = max(1, IniParser.splitLines(text).count)
            for error in Self.read(text) {
                failed += 1
                #expect(error.file == "fuzz.ini" && (1...lines).contains(error.line ?? 1), "\(error) for \(text.debugDescription)")
            }
            loaded += 1
        }
        #expect(loaded == Self.inputs)
        #expect(failed > Self.inputs / 10 && failed < Self.inputs * 9 / 10, "the mutations reach both sides: \(failed) failed")
    }

    /// What `InventoryLoader` does with one file's text (without the disk): the errors.
    static func read(_ text: String) -> [InventoryError] {
        let context = FieldContext(home: "/home/fuzz", homeOfUser: { "/home/" + $0 })
        do {
            let document = try IniParser.parse(text, file: "fuzz.ini")
            for section in document.sections { _ = try? document.values(of: section) }
            let file = try InventoryFile.read(path: "fuzz.ini", text: text, impliedGroup: "fuzzed", context: context)
            var merger = InventoryMerger(defaultUsername: "fuzz", context: context)
            _ = merger.merge([file, file], sources: ["fuzz.ini"]).hosts.count
            return merger.errors
        } catch {
            return [error]
        }
    }
}
