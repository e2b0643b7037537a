import Testing
@testable import Shell

/// The line forms other than control commands: empty, broadcast, @pattern, !local,
/// exit, and the original tool's batch_run / batch_scp.
@Suite struct LineFormTests {
    static let forms: [(String, ShellLine)] = [
        ("", .empty), ("   ", .empty), ("\t", .empty), ("# a comment", .empty), ("   # indented comment", .empty),
        ("#:select web", .empty), ("#", .empty), ("\n", .empty),
        ("uptime", .broadcast(command: "uptime")), ("  df -h /  ", .broadcast(command: "df -h /")),
        ("echo 'a  b'   \"c  d\"", .broadcast(command: "echo 'a  b'   \"c  d\"")),
        ("ls # trailing comment", .broadcast(command: "ls # trailing comment")),
        ("echo $HOME `id -u` $(hostname)", .broadcast(command: "echo $HOME `id -u` $(hostname)")),
        ("grep -c x /etc/passwd | wc -l && echo ok; true", .broadcast(command: "grep -c x /etc/passwd | wc -l && echo ok; true")),
        ("echo é ü 日本", .broadcast(command: "echo é ü 日本")),
        ("exit 3", .broadcast(command: "exit 3")), ("quit now", .broadcast(command: "quit now")),
        ("exit", .exit), ("quit", .exit), ("  exit  ", .exit), ("exit\n", .exit),
        ("!ls -l", .local(command: "ls -l")), ("! ls", .local(command: "ls")), ("!echo 'x y'", .local(command: "echo 'x y'")),
        ("!!", .local(command: "!")),
        ("@db[1-3] systemctl status postgresql", .targeted(pattern: "db[1-3]", command: "systemctl status postgresql")),
        ("@web01 uptime", .targeted(pattern: "web01", command: "uptime")),
        ("@@web,db[1-3]!db2 uptime", .targeted(pattern: "@web,db[1-3]!db2", command: "uptime")),
        ("@@web_clusters   df -h", .targeted(pattern: "@web_clusters", command: "df -h")),
        ("@last:failed uptime", .targeted(pattern: "@last:failed", command: "uptime")),
        ("@@last:ok echo 'hi there'", .targeted(pattern: "@last:ok", command: "echo 'hi there'")),
        ("@web[1-5]&@eu\tls", .targeted(pattern: "web[1-5]&@eu", command: "ls")),
        ("@h1 echo \"$(date)\"", .targeted(pattern: "h1", command: "echo \"$(date)\"")),
    ]

    @Test(arguments: forms)
    func parsesForm(line: String, expected: ShellLine) throws {
        #expect(try ShellParser.parse(line) == expected)
    }

    static let errors: [(String, ShellParseError)] = [
        ("@ uptime", ShellParseError(.missingPattern, part: "@ uptime")),
        ("@", ShellParseError(.missingPattern, part: "@")),
        ("@web", ShellParseError(.missingTargetCommand, part: "@web")),
        ("@web   ", ShellParseError(.missingTargetCommand, part: "@web")),
        ("!", ShellParseError(.missingLocalCommand, part: "!")),
        ("!   ", ShellParseError(.missingLocalCommand, part: "!")),
        ("@web echo 'oops", ShellParseError(.unterminatedQuote("single quote"), part: "'oops")),
        ("!echo \"oops", ShellParseError(.unterminatedQuote("double quote"), part: "\"oops")),
    ]

    @Test(arguments: errors)
    func refusesBadForms(line: String, error: ShellParseError) {
        #expect(throws: error) { try ShellParser.parse(line) }
    }

    // MARK: legacy syntax, word for word

    @Test func batchRunFromTheIssue() throws {
        let line = #"batch_run -h h1,h2 -g web_clusters,db_servers -cmd "df -h""#
        let expected = LegacyCommand(hosts: ["h1", "h2"], groups: ["web_clusters", "db_servers"], action: .run(command: "df -h"))
        #expect(try ShellParser.parse(line) == .legacy(expected))
        #expect(expected.pattern == "h1,h2,@web_clusters,@db_servers")
    }

    @Test func batchScpFromTheIssue() throws {
        let line = "batch_scp -h h1 -g db_servers -action put -local test.py -remote /tmp/"
        let expected = LegacyCommand(
            hosts: ["h1"], groups: ["db_servers"], action: .copy(direction: .put, local: "test.py", remote: "/tmp/"))
        #expect(try ShellParser.parse(line) == .legacy(expected))
    }

    static let legacy: [(String, LegacyCommand)] = [
        ("batch_run -h h1 -cmd uptime", LegacyCommand(hosts: ["h1"], groups: [], action: .run(command: "uptime"))),
        ("batch_run -g web -cmd 'echo \"$HOME\"'", LegacyCommand(hosts: [], groups: ["web"], action: .run(command: "echo \"$HOME\""))),
        ("batch_run -cmd \"ls -l\" -g web", LegacyCommand(hosts: [], groups: ["web"], action: .run(command: "ls -l"))),
        ("batch_run -h 'h1, h2' -h h3 -cmd id", LegacyCommand(hosts: ["h1", "h2", "h3"], groups: [], action: .run(command: "id"))),
        ("batch_run -h h1,,h2, -cmd id", LegacyCommand(hosts: ["h1", "h2"], groups: [], action: .run(command: "id"))),
        ("batch_run -h h1 -cmd \"echo \\\"quoted\\\" \\$x\"", LegacyCommand(hosts: ["h1"], groups: [], action: .run(command: "echo \"quoted\" $x"))),
        ("batch_scp -g db -action get -local ./out -remote /var/log/syslog",
         LegacyCommand(hosts: [], groups: ["db"], action: .copy(direction: .get, local: "./out", remote: "/var/log/syslog"))),
        ("batch_scp -h h1 -action put -local 'my file.txt' -remote '/tmp/a b/'",
         LegacyCommand(hosts: ["h1"], groups: [], action: .copy(direction: .put, local: "my file.txt", remote: "/tmp/a b/"))),
    ]

    @Test(arguments: legacy)
    func parsesLegacy(line: String, expected: LegacyCommand) throws {
        #expect(try ShellParser.parse(line) == .legacy(expected))
    }

    static let legacyErrors: [(String, String)] = [
        ("batch_run -h h1", "batch_run needs -cmd COMMAND in 'batch_run -h h1'"),
        ("batch_run -cmd uptime", "batch_run needs -h HOST,... or -g GROUP,... in 'batch_run -cmd uptime'"),
        ("batch_run -h h1 -cmd df -h", "option -h needs a value in 'batch_run -h h1 -cmd df -h'"),
        ("batch_run -h h1 -cmd df /", "unexpected '/' (quote the command after -cmd) in 'batch_run -h h1 -cmd df /'"),
        ("batch_run -h h1 -cdm uptime", "unknown option '-cdm' — did you mean '-cmd'?"),
        ("batch_run -h h1 -command uptime", "unknown option '-command'"),
        ("batch_run -h h1 -cmd 'echo \"x'", "unterminated double quote in '\"x'"),
        ("batch_run -h h1 -cmd \"df -h", "unterminated double quote in '\"df -h'"),
        ("batch_run -h h1 -cmd a -cmd b", "option -cmd given twice in 'batch_run -h h1 -cmd a -cmd b'"),
        ("batch_scp -h h1 -action putt -local a -remote b", "bad value 'putt' for -action (expected put | get) — did you mean 'put'?"),
        ("batch_scp -h h1 -action push -local a -remote b", "bad value 'push' for -action (expected put | get)"),
        ("batch_scp -h h1 -local a -remote b", "batch_scp needs -action put|get in 'batch_scp -h h1 -local a -remote b'"),
        ("batch_scp -h h1 -action put -remote b", "batch_scp needs -local PATH in 'batch_scp -h h1 -action put -remote b'"),
        ("batch_scp -h h1 -action put -local a", "batch_scp needs -remote PATH in 'batch_scp -h h1 -action put -local a'"),
        ("batch_scp -h h1 -action put -local a -remote b -cmd x", "unknown option '-cmd'"),
    ]

    @Test(arguments: legacyErrors)
    func refusesBadLegacy(line: String, message: String) {
        let error = #expect(throws: ShellParseError.self) { try ShellParser.parse(line) }
        #expect(error?.description == message)
    }
}
