/// Where a value came from: a line of a file, or the command line (`-O KEY=VALUE`, or
/// the remote user given as `-l`/`user@`).
public enum SSHConfigOrigin: Equatable, Hashable, Sendable, CustomStringConvertible {
    case file(path: String, line: Int)
    /// The text as given (`Port=2222`), or `user` for the remote user of the command line.
    case commandLine(String)

    /// `path:line`, or `-O Port=2222` / `command line` for the command line.
    public var description: String {
        switch self {
        case .file(let path, let line): "\(path):\(line)"
        case .commandLine(let text): text == "user" ? "command line" : "-O \(text)"
        }
    }
}

/// One resolved option and where it came from.
public struct SSHSetting<Value: Sendable & Equatable>: Sendable, Equatable {
    public let value: Value
    public let origin: SSHConfigOrigin

    public init(_ value: Value, _ origin: SSHConfigOrigin) {
        self.value = value
        self.origin = origin
    }
}
