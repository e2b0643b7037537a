import Foundation
@testable import Inventory
import Testing

/// The INI reader against CPython's configparser on the same files: identical values
/// after interpolation, and an error exactly where configparser errors (same kind,
/// same line where configparser names one).
@Suite struct ConfigParserDifferentialTests {
    @Test func matchesConfigParserOnTheCorpus() throws {
        let texts = IniCorpus.handWritten + IniCorpus.generated(count: 800, seed: 42)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-ini-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let paths = try texts.enumerated().map { offset, text in
            let path = directory.appendingPathComponent("\(offset).ini").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let answers = try ConfigParserOracle.answers(forFiles: paths)
        var mismatches: [String] = []
        for ((text, path), expected) in zip(zip(texts, paths), answers) {
            if let problem = Self.compare(text, path: path, expected) { mismatches.append(problem) }
        }
        let succeeded = answers.filter(\.ok).count
        #expect(succeeded > 150 && answers.count - succeeded > 150, "the corpus must exercise both outcomes (\(succeeded) of \(answers.count) read)")
        let report = mismatches.prefix(20).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(texts.count) differ:\n\(report)")
    }

    private static func compare(_ text: String, path: String, _ expected: ConfigParserOracle.Answer) -> String? {
        let label = text.debugDescription
        do {
            let document = try IniParser.parse(text, file: path)
            var sections: [String: [String: String]] = [:]
            for section in document.sections {
                sections[section.name] = Dictionary(try document.values(of: section).map { ($0.key, $0.value) }) { a, _ in a }
            }
            guard expected.ok else { return "\(label): Chorus read it, configparser: \(expected.kind ?? "?") line \(expected.line ?? 0)" }
            return sections == expected.sections ? nil : "\(label): \(sections) vs configparser \(expected.sections ?? [:])"
        } catch {
            guard !expected.ok else { return "\(label): Chorus error '\(error)', configparser read it" }
            guard pythonKind(of: error.kind) == expected.kind, expected.line == nil || error.line == expected.line else {
                return "\(label): Chorus '\(error)', configparser \(expected.kind ?? "?") line \(expected.line ?? 0)"
            }
            return nil
        }
    }

    static func pythonKind(of kind: InventoryError.Kind) -> String {
        switch kind {
        case .missingSectionHeader: "MissingSectionHeaderError"
        case .duplicateSection: "DuplicateSectionError"
        case .duplicateOption: "DuplicateOptionError"
        case .notKeyValue, .notKeyValueHidingSecret, .emptyKey: "ParsingError"
        case .interpolationMissing: "InterpolationMissingOptionError"
        case .interpolationSyntax: "InterpolationSyntaxError"
        case .interpolationDepth: "InterpolationDepthError"
        default: "other"
        }
    }
}
