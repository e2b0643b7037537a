import Foundation
import Testing

/// Runs ClusterShell's NodeSet (Debian's python3-clustershell under /usr/bin/python3)
/// over a batch of patterns in one process and returns its answers. The tests that use
/// it fail, never skip, when Python or ClusterShell is missing: the comparison is the
/// point of those tests.
enum ClusterShellOracle {
    struct Answer: Decodable, Equatable {
        var ok: Bool
        var folded: String?
        var names: [String]?
        var error: String?
    }

    struct Request: Encodable {
        var groups: [String: String]
        var all: String
        var patterns: [String]
    }

    static let python = "/usr/bin/python3"

    /// The script: reads a Request as JSON on stdin, prints one JSON answer per line.
    static let script = #"""
    import json, sys
    try:
        from ClusterShell.NodeSet import NodeSet
        from ClusterShell.NodeUtils import GroupResolver, GroupSource
    except ImportError as exc:
        print("CLUSTERSHELL-MISSING: %s" % exc)
        sys.exit(3)
    req = json.load(sys.stdin)
    resolver = GroupResolver(GroupSource("inv", groups=req["groups"], allgroups=req["all"]))
    out = []
    for pattern in req["patterns"]:
        try:
            ns = NodeSet(pattern, resolver=resolver, fold_axis=None)
            out.append({"ok": True, "folded": str(ns), "names": list(ns)})
        except Exception as exc:
            out.append({"ok": False, "error": "%s: %s" % (type(exc).__name__, exc)})
    sys.stdout.write("\n".join(json.dumps(o) for o in out))
    """#

    static func answers(for request: Request) throws -> [Answer] {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw OracleError("\(python) is missing: install Debian's clustershell package (apt-get install -y clustershell)")
        }
        let output = try run(input: try JSONEncoder().encode(request))
        if output.hasPrefix("CLUSTERSHELL-MISSING") {
            throw OracleError("ClusterShell is not importable by \(python) (\(output)); apt-get install -y clustershell")
        }
        let decoder = JSONDecoder()
        let answers = try output.split(separator: "\n").map { try decoder.decode(Answer.self, from: Data($0.utf8)) }
        guard answers.count == request.patterns.count else {
            throw OracleError("ClusterShell answered \(answers.count) of \(request.patterns.count) patterns")
        }
        return answers
    }

    private static func run(input: Data) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script]
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONHASHSEED"] = "0"
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    struct OracleError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
