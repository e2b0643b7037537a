import Diagnostics

/// A problem in an ssh_config file or an `-O KEY=VALUE`, with where it is, so it prints
/// as `file:line: what is wrong` — one line. ssh stops on these too (it reads the whole
/// file and then refuses it); Chorus stops at the first, and never guesses a value.
public struct SSHConfigError: InputError, Equatable, Sendable {
    /// The file, or `-O KEY=VALUE` for a line from the command line.
    public let file: String
    /// The line, or nil for a problem with the whole file (its permissions, opening it).
    public let line: Int?
    /// What is wrong, quoting the bad value.
    public let message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    init(_ origin: SSHConfigOrigin, _ message: String) {
        switch origin {
        case .file(let path, let line): self.init(file: path, line: line, message: message)
        case .commandLine(let text): self.init(file: "-O \(text)", line: nil, message: message)
        case .commandLineUser: self.init(file: "-l", line: nil, message: message)
        }
    }

    /// `file:line: message`; a whole-file problem is its message alone (it names the file).
    public var description: String {
        guard let line else { return file.hasPrefix("-") ? "\(file): \(message)" : message }
        return "\(file):\(line): \(message)"
    }
}

/// Something the operator should know about one host, returned with its options so the
/// caller prints it only for hosts actually used: a setting Chorus does not honour that
/// changes the route or the security of the connection, or a `Match` it cannot evaluate.
public struct SSHConfigWarning: Equatable, Sendable, CustomStringConvertible {
    public let origin: SSHConfigOrigin
    public let message: String

    public init(origin: SSHConfigOrigin, message: String) {
        self.origin = origin
        self.message = message
    }

    /// `file:line: message` (or `-O KEY=VALUE: message`).
    public var description: String { "\(origin): \(message)" }
}
