/// Where a value came from: a line of a file, or the command line (`-O KEY=VALUE`, or
/// the remote user given as `-l`/`user@`).
public enum SSHConfigOrigin: Equatable, Hashable, Sendable, CustomStringConvertible {
    case file(path: String, line: Int)
    /// An `-O` option, as given (`Port=2222`).
    case commandLine(String)
    /// The remote user given as `-l USER` or `USER@HOST`.
    case commandLineUser

    /// `path:line`, `-O Port=2222`, or `command line`.
    public var description: String {
        switch self {
        case .file(let path, let line): "\(path):\(line)"
        case .commandLine(let text): "-O \(text)"
        case .commandLineUser: "command line"
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
