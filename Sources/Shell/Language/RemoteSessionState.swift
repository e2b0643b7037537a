import ShellQuote

/// The working directory and exported variables a session has set with `cd` and
/// `export`, kept on this side instead of scraping a remote prompt: every command runs in
/// a fresh remote shell, so `wrap` replays the state in front of it. One state serves
/// every host (the same `cd` was typed for all of them); a host where the `cd` fails
/// fails the command rather than running it somewhere else.
///
/// Only simple forms are recognised: `cd`, `cd DIR`, `cd ~`, `cd ~/DIR`,
/// `export NAME=VALUE...` and `unset NAME...`, with DIR and VALUE literal words (quotes
/// and escapes allowed, nothing the remote shell would expand). A `$`, backquote or glob
/// makes the line `.unsupported` (its value would differ per host and per command), and
/// so does a compound line (`cd /tmp && make`): it runs once, as under ssh, and the shell
/// says that its `cd` is not kept.
/// The remote login shell is assumed to be POSIX (`sh`, `bash`, `dash`, `zsh`, `ksh`).
public struct RemoteSessionState: Equatable, Sendable {
    public struct Assignment: Equatable, Sendable {
        public let name: String
        public let value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public enum Change: Equatable, Sendable {
        /// `cd PATH` (relative to the current directory) or, with nil, `cd` (home).
        case changeDirectory(String?)
        /// `cd ~/PATH`: relative to the login directory whatever the current one.
        case changeDirectoryFromHome(String)
        case export([Assignment])
        /// `unset NAME...`.
        case unset([String])
    }

    public enum Recognition: Equatable, Sendable {
        case change(Change)
        /// A `cd`/`export` line whose effect cannot be kept; `reason` says why, for a hint.
        case unsupported(reason: String)
        /// Any other line.
        case notStateChange
    }

    /// nil: the login directory. A relative path is relative to the login directory (home).
    public private(set) var directory: String?
    /// In the order first exported; exporting a name again replaces its value in place.
    public private(set) var exports: [Assignment] = []
    /// Names unset since: replayed as `unset NAME` (the login shell may set them).
    public private(set) var unsets: [String] = []

    public init() {}

    public var isEmpty: Bool { directory == nil && exports.isEmpty && unsets.isEmpty }

    /// Recognises and applies a state change; true when `command` was one.
    @discardableResult
    public mutating func absorb(_ command: String) -> Bool {
        guard case .change(let change) = Self.recognize(command) else { return false }
        apply(change)
        return true
    }

    public mutating func apply(_ change: Change) {
        switch change {
        case .changeDirectory(let path): directory = Self.resolve(path, from: directory)
        case .changeDirectoryFromHome(let path): directory = path
        case .unset(let names):
            exports.removeAll { names.contains($0.name) }
            unsets += names.filter { !unsets.contains($0) }
        case .export(let assignments):
            for assignment in assignments {
                unsets.removeAll { $0 == assignment.name }
                if let index = exports.firstIndex(where: { $0.name == assignment.name }) {
                    exports[index] = assignment
                } else {
                    exports.append(assignment)
                }
            }
        }
    }

    /// The new directory after `cd path` from `current`.
    static func resolve(_ path: String?, from current: String?) -> String? {
        guard let path else { return nil }
        if path.hasPrefix("/") { return path }
        guard let current else { return path }
        return current.hasSuffix("/") ? current + path : current + "/" + path
    }

    /// `command` prefixed so that it runs in `directory` with `exports` set:
    /// `cd -- DIR || exit`, `unset NAME...`, one `export NAME=VALUE` per variable, then the command, each
    /// on its own line (so a command ending in a `#` comment or a here-document still
    /// works). Unchanged when there is no state.
    public func wrap(_ command: String) -> String {
        var lines: [String] = []
        if let directory { lines.append("cd -- \(ShellQuoting.quote(directory)) || exit") }
        if !unsets.isEmpty { lines.append("unset " + unsets.joined(separator: " ")) }
        for assignment in exports {
            lines.append("export \(assignment.name)=\(ShellQuoting.quote(assignment.value))")
        }
        lines.append(command)
        return lines.joined(separator: "\n")
    }
}
