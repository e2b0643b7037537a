import Foundation
import Testing

/// Runs CPython's configparser (`/usr/bin/python3`, `ConfigParser()` defaults) over a
/// batch of files in one process. Fails, never skips, when Python is missing.
enum ConfigParserOracle {
    struct Answer: Decodable, Equatable {
        var ok: Bool
        var sections: [String: [String: String]]?
        var kind: String?
        var line: Int?
    }

    static let python = "/usr/bin/python3"

    /// Reads file paths (one per line) on stdin; prints one JSON answer per line.
    static let script = #"""
    import configparser, json, sys
    out = []
    for path in sys.stdin.read().split("\n"):
        if not path:
            continue
        parser = configparser.ConfigParser()
        try:
            with open(path, encoding="utf-8") as f:
                parser.read_file(f, source=path)
            sections = {}
            for s in parser.sections():
                sections[s] = {k: parser.get(s, k) for k in parser.options(s)}
            out.append({"ok": True, "sections": sections})
        except configparser.Error as exc:
            line = getattr(exc, "lineno", None)
            if line is None and getattr(exc, "errors", None):
                line = exc.errors[0][0]
            out.append({"ok": False, "kind": type(exc).__name__, "line": line})
    sys.stdout.write("\n".join(json.dumps(o) for o in out))
    """#

    static func answers(forFiles paths: [String]) throws -> [Answer] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw OracleError("\(python) is missing: the configparser comparison needs Debian's python3")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let input = Data(paths.joined(separator: "\n").utf8)
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let decoder = JSONDecoder()
        let answers = try String(decoding: data, as: UTF8.self).split(separator: "\n")
            .map { try decoder.decode(Answer.self, from: Data($0.utf8)) }
        guard answers.count == paths.count else {
            throw OracleError("configparser answered \(answers.count) of \(paths.count) files (exit \(process.terminationStatus))")
        }
        return answers
    }

    struct OracleError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
