#if canImport(Glibc)
import Glibc
#endif

/// Reads files into statements: each line split and checked, `Include`s globbed and read
/// (in or out of a block: ssh reads them either way and only their use depends on the
/// host), nested at most 16 deep as in ssh.
final class ConfigLoader {
    static let maximumDepth = 16

    let context: SSHConfigContext
    /// Set once an `IgnoreUnknown` line has been read: from then on an unknown keyword
    /// may be allowed for some hosts, so its error waits for resolve.
    private var sawIgnoreUnknown = false

    init(context: SSHConfigContext) {
        self.context = context
    }

    func load(_ source: SSHConfigSource) throws(SSHConfigError) -> ConfigFile? {
        try read(source.path, userConfig: source.isUserConfig, checkPermissions: source.checkPermissions,
            missingIsOK: source.missingIsOK, depth: 0)
    }

    /// The `-O KEY=VALUE` lines: options only.
    func prelude(_ texts: [String]) throws(SSHConfigError) -> [ConfigStatement] {
        var statements: [ConfigStatement] = []
        for text in texts {
            let origin = SSHConfigOrigin.commandLine(text)
            let line = try split(Array(text.utf8), origin)
            guard let line else { continue }
            if ["host", "match", "include"].contains(line.keyword) {
                let name = line.keyword.prefix(1).uppercased() + line.keyword.dropFirst()
                throw SSHConfigError(origin, "\(name) is not allowed on the command line")
            }
            if let statement = try statement(line, origin: origin, userConfig: true, depth: 0) {
                statements.append(statement)
            }
        }
        return statements
    }

    private func read(_ path: String, userConfig: Bool, checkPermissions: Bool, missingIsOK: Bool, depth: Int)
        throws(SSHConfigError) -> ConfigFile?
    {
        let lines: [[UInt8]]
        switch try ConfigFileReader.read(path, checkPermissions: checkPermissions) {
        case .missing:
            guard missingIsOK else {
                throw SSHConfigError(file: path, line: nil, message: "cannot read \(path): no such file")
            }
            return nil
        case .lines(let read): lines = read
        }
        var statements: [ConfigStatement] = []
        for (index, bytes) in lines.enumerated() {
            let origin = SSHConfigOrigin.file(path: path, line: index + 1)
            guard let line = try split(bytes, origin) else { continue }
            if let statement = try statement(line, origin: origin, userConfig: userConfig, depth: depth) {
                statements.append(statement)
            }
        }
        return ConfigFile(path: path, statements: statements)
    }

    private func split(_ bytes: [UInt8], _ origin: SSHConfigOrigin) throws(SSHConfigError) -> ConfigLexer.Line? {
        do {
            return try ConfigLexer.split(bytes)
        } catch .noArgument(let keyword) {
            throw SSHConfigError(origin, "no argument after keyword '\(keyword)'")
        } catch {
            throw SSHConfigError(origin, "invalid quotes")
        }
    }

    private func statement(_ line: ConfigLexer.Line, origin: SSHConfigOrigin, userConfig: Bool, depth: Int)
        throws(SSHConfigError) -> ConfigStatement?
    {
        switch line.keyword {
        case "host":
            if line.arguments.contains("") { throw SSHConfigError(origin, "Host has an empty pattern") }
            return .host(patterns: line.arguments, origin: origin)
        case "match":
            return .match(try MatchLine.parse(line.rest, origin: origin))
        case "include":
            return .include(try include(line.arguments, origin: origin, userConfig: userConfig, depth: depth))
        default:
            guard Keywords.known.contains(line.keyword) else {
                guard sawIgnoreUnknown else { throw SSHConfigError(origin, "bad configuration option '\(line.keyword)'") }
                return .unknown(keyword: line.keyword, origin: origin)
            }
            if line.keyword == "ignoreunknown" { sawIgnoreUnknown = true }
            return try OptionParser.statement(line, origin: origin, userConfig: userConfig)
        }
    }

    /// `Include`: each word made absolute (`~/.ssh/` or the system folder before a
    /// relative one), `~` expanded, globbed (no match is fine), and each file read,
    /// permissions checked, one level deeper.
    private func include(_ words: [String], origin: SSHConfigOrigin, userConfig: Bool, depth: Int)
        throws(SSHConfigError) -> [ConfigFile]
    {
        var files: [ConfigFile] = []
        for word in words {
            if word.isEmpty { throw SSHConfigError(origin, "Include has an empty argument") }
            if word.hasPrefix("~"), !userConfig {
                throw SSHConfigError(origin, "bad Include path '\(word)': '~' is not allowed in system files")
            }
            let folder = userConfig ? "~/.ssh/" : context.systemFolder + "/"
            let anchored = word.hasPrefix("/") || word.hasPrefix("~") ? word : folder + word
            let expansion = TokenExpansion(tokens: [:], home: context.home)
            guard let pattern = try? expansion.tilde(anchored) else { continue }  // ~user of no one: no file
            for path in try Self.glob(pattern, origin: origin) {
                guard depth < Self.maximumDepth else {
                    throw SSHConfigError(
                        origin, "too many nested Include files (more than \(Self.maximumDepth) deep; an Include loop?)")
                }
                let file = try read(path, userConfig: userConfig, checkPermissions: true, missingIsOK: true, depth: depth + 1)
                if let file {
                    files.append(file)
                }
            }
        }
        return files
    }

    /// The paths matching `pattern`, sorted (glob's order). The C function is `glob`.
    static func glob(_ pattern: String, origin: SSHConfigOrigin) throws(SSHConfigError) -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = Glibc.glob(pattern, 0, nil, &result)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else { throw SSHConfigError(origin, "Include: glob failed for '\(pattern)'") }
        return (0..<Int(result.gl_pathc)).compactMap { index in result.gl_pathv[index].map { String(cString: $0) } }
    }
}
