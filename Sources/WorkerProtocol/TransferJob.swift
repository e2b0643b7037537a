/// Files to copy between the worker's machine and one host, sent in a `transfer` frame.
/// Paths on "this side" are paths on the worker's machine (see PROTOCOL.md): for a local
/// worker, the operator's machine.
public struct TransferJob: Sendable, Equatable {
    public enum Direction: UInt8, Sendable, Equatable {
        /// Local files to the host.
        case put = 1
        /// Remote files from the host into a local folder.
        case get = 2
    }

    /// One thing to copy. For a put, the shell has already walked the local trees: every
    /// folder and file is listed, a folder before its contents. For a get, each source is
    /// a remote path as the operator typed it; the worker lists remote folders itself.
    public struct Source: Sendable, Equatable {
        /// Put: the local path. Get: the remote path.
        public var path: String
        /// Put: the name under the destination folder, "/"-separated, starting with the
        /// top-level source's own name (`app.conf`, `site/css/a.css`). Get: empty.
        public var relativePath: String
        public var isDirectory: Bool
        /// Put with checksums: the file's SHA-256 in lowercase hex, computed once by the
        /// shell, which the host's copy must match before it is renamed into place.
        public var sha256: String?

        public init(path: String, relativePath: String = "", isDirectory: Bool = false, sha256: String? = nil) {
            self.path = path
            self.relativePath = relativePath
            self.isDirectory = isDirectory
            self.sha256 = sha256
        }
    }

    public var jobID: UInt64
    public var hostID: UInt32
    public var direction: Direction
    public var sources: [Source]
    /// Put: the remote path (a folder when it exists as one or ends in `/`). Get: the
    /// local folder for this host's files (the shell names it after the host).
    public var destination: String
    /// Get: copy remote folders with everything in them (a put's plan is already flat).
    public var recursive: Bool
    /// Keep access and modification times (the mode is always kept).
    public var keepTimes: Bool
    /// Compare SHA-256 digests of both sides before each file is renamed into place.
    public var checksum: Bool
    /// Milliseconds the whole job may take; 0 means no limit. On the worker's clock.
    public var timeoutMillis: UInt32

    public init(jobID: UInt64, hostID: UInt32, direction: Direction, sources: [Source], destination: String,
                recursive: Bool = false, keepTimes: Bool = false, checksum: Bool = false, timeoutMillis: UInt32 = 0) {
        self.jobID = jobID
        self.hostID = hostID
        self.direction = direction
        self.sources = sources
        self.destination = destination
        self.recursive = recursive
        self.keepTimes = keepTimes
        self.checksum = checksum
        self.timeoutMillis = timeoutMillis
    }
}
