#if canImport(Glibc)
import Glibc
#endif

/// Where the session mux listens: `$XDG_RUNTIME_DIR/chorus/mux-VERSION.sock`, else
/// `/tmp/chorus-UID/mux-VERSION.sock`. One mux per user and version (a mux speaks its own
/// version's frames). The folder is the mux's first lock: created 0700, and used only
/// while it is a real folder, ours, that nobody else may enter; `SO_PEERCRED` on each
/// connection is the second.
public struct MuxLocation: Sendable, Equatable {
    public let directory: String
    public let socketPath: String

    public init(environment: [String: String], software: String) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            directory = runtime + "/chorus"
        } else {
            directory = "/tmp/chorus-\(geteuid())"
        }
        socketPath = directory + "/mux-\(Self.fileSafe(software)).sock"
    }

    /// Checks the folder (creating it first when `create`): a folder, not a link, owned by
    /// this user, with no access for group or others.
    public func checkDirectory(create: Bool) throws(MuxError) {
        if create, mkdir(directory, 0o700) != 0, errno != EEXIST { throw .errno("cannot create \(directory)") }
        var info = stat()
        guard lstat(directory, &info) == 0 else { throw .errno(directory) }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw MuxError("\(directory) is not a folder") }
        guard info.st_uid == geteuid() else { throw MuxError("\(directory) belongs to uid \(info.st_uid), not to you") }
        guard info.st_mode & 0o077 == 0 else {
            throw MuxError("\(directory) may be entered by others (mode \(String(info.st_mode & 0o777, radix: 8)); chmod 700 it)")
        }
    }

    /// The version with anything but letters, digits, `.`, `-` and `_` made `_`.
    static func fileSafe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_".utf8)
        return String(decoding: text.utf8.prefix(40).map { allowed.contains($0) ? $0 : UInt8(ascii: "_") }, as: UTF8.self)
    }
}
