import CLibSSH2

/// What the SFTP server says about one remote path (`stat` follows symlinks).
public struct RemoteFileInfo: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case file, directory, symlink, other }

    public var kind: Kind
    public var size: UInt64
    /// Permission bits (`& 0o7777`).
    public var mode: UInt32
    /// Nil when the server did not send them.
    public var times: FileTimes?

    public init(kind: Kind, size: UInt64, mode: UInt32, times: FileTimes?) {
        self.kind = kind
        self.size = size
        self.mode = mode
        self.times = times
    }
}

/// One file or directory found by `SSHSession.listTree`.
public struct RemoteEntry: Sendable, Equatable {
    /// Relative to the listed root, `/`-separated, no leading `./` ("" for a root that
    /// is itself a file).
    public var relativePath: String
    /// Kind `.file` or `.directory` only (a symlink to a file is listed as the file).
    public var info: RemoteFileInfo

    public init(relativePath: String, info: RemoteFileInfo) {
        self.relativePath = relativePath
        self.info = info
    }
}

/// A remote folder's contents, walked without following symlinked directories.
public struct RemoteTree: Sendable, Equatable {
    /// Something found but not listed, and why (a symlinked directory, a dangling
    /// link, a device, socket or fifo, a name that is not UTF-8).
    public struct Skipped: Sendable, Equatable {
        /// Relative to the listed root, like `RemoteEntry.relativePath`.
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// Everything under the root (not the root folder itself), in depth-first order
    /// with names sorted: a directory always comes before anything inside it.
    public var entries: [RemoteEntry]
    /// In the order found.
    public var skipped: [Skipped]
    /// How many names `SSHSession.listTree` accepts by default before it gives up.
    public static let defaultLimit = 200_000

    public init(entries: [RemoteEntry], skipped: [Skipped]) {
        self.entries = entries
        self.skipped = skipped
    }
}

extension RemoteFileInfo {
    /// From the attributes of `libssh2_sftp_stat_ex` / `libssh2_sftp_readdir_ex`;
    /// missing permissions read as `.other`.
    init(_ attributes: LIBSSH2_SFTP_ATTRIBUTES) {
        let flags = attributes.flags
        let permissions = flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 ? attributes.permissions : 0
        kind = switch permissions & UInt(LIBSSH2_SFTP_S_IFMT) {
        case UInt(LIBSSH2_SFTP_S_IFREG): .file
        case UInt(LIBSSH2_SFTP_S_IFDIR): .directory
        case UInt(LIBSSH2_SFTP_S_IFLNK): .symlink
        default: .other
        }
        size = flags & UInt(LIBSSH2_SFTP_ATTR_SIZE) != 0 ? attributes.filesize : 0
        mode = UInt32(permissions & 0o7777)
        times = flags & UInt(LIBSSH2_SFTP_ATTR_ACMODTIME) != 0
            ? FileTimes(accessed: Int(attributes.atime), modified: Int(attributes.mtime)) : nil
    }

    /// Words for a kind of file the listing skips, from its `S_IFMT` bits.
    static func typeName(_ attributes: LIBSSH2_SFTP_ATTRIBUTES) -> String {
        guard attributes.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0 else { return "unknown file type" }
        return switch attributes.permissions & UInt(LIBSSH2_SFTP_S_IFMT) {
        case UInt(LIBSSH2_SFTP_S_IFIFO): "a fifo"
        case UInt(LIBSSH2_SFTP_S_IFSOCK): "a socket"
        case UInt(LIBSSH2_SFTP_S_IFCHR): "a character device"
        case UInt(LIBSSH2_SFTP_S_IFBLK): "a block device"
        default: "not a regular file or directory"
        }
    }
}
