import Testing
@testable import Shell

/// Control commands: names, unique prefixes, ambiguity, unknown names, arguments.
@Suite struct ControlCommandTests {
    /// Every prefix of every command that starts no other command resolves to it.
    static let uniquePrefixes: [(String, String)] = ControlCommandTable.all.flatMap { spec in
        (1...spec.name.count).map { String(spec.name.prefix($0)) }
            .filter { prefix in ControlCommandTable.all.filter { $0.name.hasPrefix(prefix) }.count == 1 || prefix == spec.name }
            .map { ($0, spec.name) }
    }

    @Test(arguments: uniquePrefixes)
    func uniquePrefixResolves(prefix: String, name: String) throws {
        #expect(try ControlCommandResolver.resolve(prefix).name == name)
    }

    @Test func prefixTableCoversEveryCommand() {
        #expect(Set(Self.uniquePrefixes.map(\.1)) == Set(ControlCommandTable.all.map(\.name)))
        #expect(Self.uniquePrefixes.count > 50)
    }

    static let ambiguous: [(String, [String])] = [
        (":h", [":help", ":history", ":hosts"]),
        (":s", [":select", ":set", ":source"]),
        (":se", [":select", ":set"]),
        (":d", [":diff", ":disconnect"]),
        (":di", [":diff", ":disconnect"]),
        (":r", [":reconnect", ":remove"]),
        (":re", [":reconnect", ":remove"]),
        (":g", [":get", ":groups"]),
    ]

    @Test(arguments: ambiguous)
    func ambiguousPrefixListsCandidates(line: String, candidates: [String]) {
        #expect(throws: ShellParseError(.ambiguousCommand(candidates: candidates), part: line)) {
            try ShellParser.parse(line + " web")
        }
    }

    @Test func ambiguousMessageQuotesAndLists() {
        let error = #expect(throws: ShellParseError.self) { try ShellParser.parse(":h") }
        #expect(error?.description == "ambiguous command ':h': could be :help, :history, :hosts")
    }

    static let unknown: [(String, String?)] = [
        (":slect web", ":select"), (":selcet web", ":select"), (":hsots", ":hosts"), (":hlep", ":help"),
        (":quti", ":quit"), (":histroy", ":history"), (":grups", ":groups"),
        (":frobnicate", nil), (":x", nil), (":select2 web", ":select"), (":puts a b", ":put"), (":sets", ":set"),
    ]

    @Test(arguments: unknown)
    func unknownCommandSuggests(line: String, suggestion: String?) {
        let name = String(line.prefix { $0 != " " })
        #expect(throws: ShellParseError(.unknownCommand(suggestion: suggestion), part: name)) { try ShellParser.parse(line) }
    }

    @Test func unknownMessage() {
        let error = #expect(throws: ShellParseError.self) { try ShellParser.parse(":slect web") }
        #expect(error?.description == "unknown command ':slect' — did you mean ':select'?")
    }

    @Test(arguments: [":", ": ", ":  select"])
    func missingName(line: String) {
        #expect(throws: ShellParseError(.missingControlName, part: ":")) { try ShellParser.parse(line) }
    }

    static let valid: [(String, ControlCommand)] = [
        (":select web[01-10]", .select("web[01-10]")),
        (":select @web_clusters,db[1-3]", .select("@web_clusters,db[1-3]")),
        (":sel @web,db[1-3]!db2", .select("@web,db[1-3]!db2")),
        (":select web1 web2", .select("web1,web2")),
        (":select 'web[1-2]&@eu'", .select("web[1-2]&@eu")),
        (":select @last:failed", .select("@last:failed")),
        (":add db4", .add("db4")), (":a db4", .add("db4")), (":ad db4 db5", .add("db4,db5")),
        (":remove db2", .remove("db2")), (":rem db2", .remove("db2")), (":remo @eu", .remove("@eu")),
        (":hosts", .hosts), (":ho", .hosts), (":groups", .groups), (":gr", .groups),
        (":info web01", .info("web01")), (":info --json web01", .info("web01", json: true)), (":i web01", .info("web01")), (":inf web[1-2]", .info("web[1-2]")),
        (":put app.conf /etc/app/", .put(sources: ["app.conf"], destination: "/etc/app/", recursive: false)),
        (":p a b /tmp", .put(sources: ["a", "b"], destination: "/tmp", recursive: false)),
        (":put -r conf /etc", .put(sources: ["conf"], destination: "/etc", recursive: true)),
        (":put conf --recursive /etc", .put(sources: ["conf"], destination: "/etc", recursive: true)),
        (":put -- -r /etc", .put(sources: ["-r"], destination: "/etc", recursive: false)),
        (":put 'my file' \"/tmp/dir with space/\"", .put(sources: ["my file"], destination: "/tmp/dir with space/", recursive: false)),
        (":get /var/log/syslog ./logs", .get(sources: ["/var/log/syslog"], destination: "./logs", recursive: false)),
        (":ge -r /etc/nginx out", .get(sources: ["/etc/nginx"], destination: "out", recursive: true)),
        (":put -rp --checksum conf /etc", .put(sources: ["conf"], destination: "/etc", recursive: true, preserve: true, checksum: true)),
        (":put -r -L tree /srv", .put(sources: ["tree"], destination: "/srv", recursive: true, followLinks: true)),
        (":put --dereference -r tree /srv", .put(sources: ["tree"], destination: "/srv", recursive: true, followLinks: true)),
        (":get -p /var/log/syslog logs", .get(sources: ["/var/log/syslog"], destination: "logs", recursive: false, preserve: true)),
        (":source rollout.chorus", .source("rollout.chorus")), (":so 'my script'", .source("my script")),
        (":sou x # comment", .source("x")),
        (":set", .set(name: nil, value: nil)), (":set fanout", .set(name: "fanout", value: nil)),
        (":set fanout 10", .set(name: "fanout", value: "10")), (":set fanout=10", .set(name: "fanout", value: "10")),
        (":set connect-timeout 2.5", .set(name: "connect_timeout", value: "2.5")),
        (":set OUTPUT json", .set(name: "output", value: "json")),
        (":history", .history), (":hi", .history), (":his", .history),
        (":help", .help(nil)), (":he", .help(nil)), (":help put", .help("put")), (":help :sel", .help("select")),
        (":help help", .help("help")), (":help set", .help("set")),
        (":quit", .quit), (":q", .quit), (":qu", .quit),
        (":reconnect", .reconnect(nil)), (":rec web1", .reconnect("web1")), (":reco @db", .reconnect("@db")),
        (":disconnect", .disconnect(nil)), (":dis web1", .disconnect("web1")),
        (":diff", .diff), (":dif", .diff), ("  :diff  ", .diff), (":diff\t", .diff),
    ]

    @Test(arguments: valid)
    func parsesControlCommand(line: String, command: ControlCommand) throws {
        #expect(try ShellParser.parse(line) == .control(command))
    }

    static let badArguments: [(String, String)] = [
        (":select", ":select PATTERN"), (":add", ":add PATTERN"), (":remove ''", ":remove PATTERN"),
        (":info", ":info [--json] PATTERN"), (":hosts web", ":hosts"), (":groups x", ":groups"),
        (":put onlyone", ":put [OPTIONS] SOURCE... DEST"), (":put", ":put [OPTIONS] SOURCE... DEST"),
        (":get -r x", ":get [OPTIONS] SOURCE... DEST"), (":put '' /tmp", ":put [OPTIONS] SOURCE... DEST"),
        (":source", ":source FILE"), (":source a b", ":source FILE"), (":history 3", ":history"),
        (":quit now", ":quit"), (":diff x", ":diff"), (":set a b c", ":set [NAME [VALUE]]"),
        (":help a b", ":help [COMMAND]"),
    ]

    @Test(arguments: badArguments)
    func badArgumentsShowUsage(line: String, usage: String) {
        #expect(throws: ShellParseError(.badArguments(usage: usage), part: line)) { try ShellParser.parse(line) }
    }

    @Test func unknownTransferOptionQuotesIt() {
        #expect(throws: ShellParseError(.badArguments(usage: ":put [OPTIONS] SOURCE... DEST"), part: "-x")) {
            try ShellParser.parse(":put -x a b")
        }
    }

    @Test func helpOfUnknownOrAmbiguousTopic() {
        #expect(throws: ShellParseError(.unknownCommand(suggestion: ":select"), part: ":slect")) {
            try ShellParser.parse(":help slect")
        }
        #expect(throws: ShellParseError(.ambiguousCommand(candidates: [":select", ":set"]), part: ":se")) {
            try ShellParser.parse(":help se")
        }
    }

    @Test func completionsOfPartialNames() {
        #expect(ControlCommandTable.completions(of: ":h") == [":hosts", ":history", ":help"])
        #expect(ControlCommandTable.completions(of: "sel") == [":select"])
        #expect(ControlCommandTable.completions(of: ":").count == ControlCommandTable.all.count)
        #expect(ControlCommandTable.completions(of: ":z").isEmpty)
    }
}
