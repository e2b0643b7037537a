import Foundation
import ShellQuote
import Testing
@testable import Shell

/// cd/export kept on this side and replayed in front of each command.
@Suite struct RemoteSessionStateTests {
    typealias Change = RemoteSessionState.Change

    static let recognised: [(String, Change)] = [
        ("cd", .changeDirectory(nil)), ("cd /tmp", .changeDirectory("/tmp")), ("  cd   logs  ", .changeDirectory("logs")),
        ("cd 'my dir'", .changeDirectory("my dir")), ("cd \"a \\\"q\\\" b\"", .changeDirectory("a \"q\" b")),
        ("cd a\\ b", .changeDirectory("a b")), ("cd 'it'\\''s'", .changeDirectory("it's")), ("cd é", .changeDirectory("é")),
        ("cd '$HOME'", .changeDirectory("$HOME")), ("cd ~", .changeDirectory(nil)), ("cd ~/", .changeDirectory(nil)),
        ("cd ~/src", .changeDirectoryFromHome("src")), ("cd ~/'a b'", .changeDirectoryFromHome("a b")),
        ("export A=1", .export([.init(name: "A", value: "1")])),
        ("export A=", .export([.init(name: "A", value: "")])),
        ("export LANG=C.UTF-8 TZ=UTC", .export([.init(name: "LANG", value: "C.UTF-8"), .init(name: "TZ", value: "UTC")])),
        ("export MSG='hello world'", .export([.init(name: "MSG", value: "hello world")])),
        ("export Q=\"it's \\\"x\\\"\"", .export([.init(name: "Q", value: "it's \"x\"")])),
        ("export _x1='$literal'", .export([.init(name: "_x1", value: "$literal")])),
        ("export EQ=a=b", .export([.init(name: "EQ", value: "a=b")])),
        ("unset FOO", .unset(["FOO"])), ("unset A B_2", .unset(["A", "B_2"])),
    ]

    @Test(arguments: recognised)
    func recognisesSimpleForms(line: String, change: Change) {
        #expect(RemoteSessionState.recognize(line) == .change(change))
    }

    static let ordinary: [String] = [
        "ls", "cdrecord x", "exporter", "unsetx A", "unset",
        "export", "echo cd /tmp", "cd 'unterminated", "(cd /tmp)",
    ]

    @Test(arguments: ordinary)
    func leavesOtherLinesAlone(line: String) {
        #expect(RemoteSessionState.recognize(line) == .notStateChange)
        var state = RemoteSessionState()
        let absorbed = state.absorb(line)
        #expect(!absorbed)
        #expect(state.isEmpty)
    }

    static let unsupported: [String] = [
        "cd $HOME/x", "cd \"$DIR\"", "cd `pwd`", "cd *", "cd -", "cd -P /tmp", "cd a b", "cd ''", "cd ~user",
        "export PATH=$PATH:/opt/bin", "export A", "export 1A=x", "export A-B=x", "export A=`id`", "export A=*",
        "cd /tmp && make", "cd /tmp; ls", "export A=1; echo", "cd a | cat", "cd /tmp && cd /", "unset A; echo",
        "unset -f f", "unset $A",
    ]

    @Test(arguments: unsupported)
    func flagsFormsItCannotKeep(line: String) {
        guard case .unsupported(let reason) = RemoteSessionState.recognize(line) else {
            Issue.record("\(line) should be unsupported")
            return
        }
        #expect(!reason.isEmpty)
    }

    static let paths: [([String], String?)] = [
        (["cd /tmp"], "/tmp"), (["cd /tmp", "cd a"], "/tmp/a"), (["cd a", "cd b"], "a/b"), (["cd /", "cd etc"], "/etc"),
        (["cd /tmp", "cd"], nil), (["cd /tmp", "cd ~/x"], "x"), (["cd a", "cd /b", "cd c"], "/b/c"), (["cd /tmp", "cd ~"], nil),
    ]

    @Test(arguments: paths)
    func directoriesCompose(lines: [String], directory: String?) {
        var state = RemoteSessionState()
        for line in lines {
            let absorbed = state.absorb(line)
            #expect(absorbed, "\(line)")
        }
        #expect(state.directory == directory)
    }

    @Test func exportingAgainReplacesInPlace() {
        var state = RemoteSessionState()
        state.absorb("export A=1 B=2")
        state.absorb("export A=3")
        #expect(state.exports == [.init(name: "A", value: "3"), .init(name: "B", value: "2")])
    }

    /// `export FOO=bar; unset FOO` leaves FOO unset, even one the login shell set.
    @Test func unsetUndoesAnExportAndUnsetsWhatTheShellHad() throws {
        var state = RemoteSessionState()
        state.absorb("export FOO=bar KEEP=1")
        state.absorb("unset FOO HOME")
        #expect(state.exports == [.init(name: "KEEP", value: "1")])
        let output = try Self.sh(state.wrap("echo \"[${FOO-unset}] [${HOME-unset}] [$KEEP]\""), in: FileManager.default.temporaryDirectory)
        #expect(output == .init(status: 0, stdout: "[unset] [unset] [1]\n"))
        state.absorb("export FOO=again")
        #expect(state.unsets == ["HOME"] && state.exports.last == .init(name: "FOO", value: "again"))
    }

    @Test func wrapIsIdentityWithoutState() {
        #expect(RemoteSessionState().wrap("uptime") == "uptime")
    }

    @Test func wrapShape() {
        var state = RemoteSessionState()
        state.absorb("cd '/tmp/a b'")
        state.absorb("export X=1")
        #expect(state.wrap("ls") == "cd -- '/tmp/a b' || exit\nexport X=1\nls")
    }

    // MARK: through a real /bin/sh

    static let nastyValues: [String] = [
        "plain", "two words", "it's", "say \"hi\"", "$HOME", "`id`", "$(echo pwned)", "back\\slash", "new\nline",
        "trailing space ", " leading", "*", "-n", "--", "'", "\"", "a;b|c&d", "é ü 日本", "tab\there", "!bang", "",
    ]

    @Test(arguments: nastyValues)
    func exportedValuesSurviveTheShell(value: String) throws {
        var state = RemoteSessionState()
        state.apply(.export([.init(name: "NASTY", value: value)]))
        let output = try Self.sh(state.wrap("printf '%s' \"$NASTY\""), in: FileManager.default.temporaryDirectory)
        #expect(output == .init(status: 0, stdout: value))
    }

    @Test(arguments: nastyValues.filter { !$0.isEmpty && !$0.contains("/") })
    func directoriesWithNastyNamesAreEntered(name: String) throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base.appendingPathComponent(name), withIntermediateDirectories: true)
        var state = RemoteSessionState()
        state.apply(.changeDirectory(base.path))
        state.apply(.changeDirectory(name))
        let output = try Self.sh(state.wrap("pwd"), in: FileManager.default.temporaryDirectory)
        #expect(output.status == 0)
        #expect(output.stdout == base.appendingPathComponent(name).path + "\n")
    }

    @Test func typedCdLineIsEnteredThroughTheShell() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        let name = "it's a \"dir\" $x"
        try FileManager.default.createDirectory(at: base.appendingPathComponent(name), withIntermediateDirectories: true)
        var state = RemoteSessionState()
        let first = state.absorb("cd \(ShellQuoting.quote(base.path))")
        let second = state.absorb(#"cd "it's a \"dir\" \$x""#)
        #expect(first && second)
        let output = try Self.sh(state.wrap("pwd"), in: FileManager.default.temporaryDirectory)
        #expect(output.stdout == base.appendingPathComponent(name).path + "\n")
    }

    @Test func failedCdFailsTheCommandInsteadOfRunningElsewhere() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        var state = RemoteSessionState()
        state.absorb("cd \(ShellQuoting.quote(base.path + "/missing"))")
        let marker = base.appendingPathComponent("ran")
        let output = try Self.sh(state.wrap("touch \(ShellQuoting.quote(marker.path)); echo ran"), in: base)
        #expect(output.status != 0)
        #expect(output.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }

    @Test func commandStatusAndTrailingCommentSurvive() throws {
        var state = RemoteSessionState()
        state.absorb("cd /")
        state.absorb("export A=1")
        let output = try Self.sh(state.wrap("echo \"$PWD $A\"; exit 7 # done"), in: FileManager.default.temporaryDirectory)
        #expect(output == .init(status: 7, stdout: "/ 1\n"))
    }

    @Test func homeRelativeDirectoryIsFromTheLoginDirectory() throws {
        let base = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: base) }
        try FileManager.default.createDirectory(at: base.appendingPathComponent("sub dir"), withIntermediateDirectories: true)
        var state = RemoteSessionState()
        state.absorb("cd /etc")
        state.absorb("cd ~/'sub dir'")
        // The remote shell starts in the login directory; `base` stands in for it here.
        let output = try Self.sh(state.wrap("pwd"), in: base)
        #expect(output.stdout == base.appendingPathComponent("sub dir").path + "\n")
    }

    struct Output: Equatable {
        let status: Int32
        let stdout: String
    }

    /// Runs `script` with `/bin/sh -c` in `directory`, as an SSH exec channel would.
    static func sh(_ script: String, in directory: URL) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self))
    }

    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("chorus-shell-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }
}
