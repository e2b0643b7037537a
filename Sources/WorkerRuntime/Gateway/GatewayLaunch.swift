import Digests

/// How a gateway's worker is started: the dispatcher's own binary, kept on the gateway
/// under `~/.cache/chorus/` by version and hash, checked by SHA-256 every time before it
/// runs (a changed or truncated file is replaced, never run), and copied there over SFTP
/// when it is missing. So a gateway needs nothing but sshd and the binary's two shared
/// libraries.
struct GatewayLaunch {
    /// The binary's SHA-256, lowercase hex.
    let sha256: String
    /// `chorus-VERSION-HASH16`: a new build never runs an older copy, and copies of
    /// several builds can sit side by side.
    let fileName: String
    /// The local binary to copy.
    let localPath: String

    static let folder = ".cache/chorus"
    /// What the launch command prints, instead of starting a worker, when the gateway
    /// lacks the binary (or holds a different one), and the line it prints just before
    /// the worker's frames: anything a login file printed before either is not taken
    /// for a frame.
    static let needsBinary = "CHORUS-NEEDS-BINARY"
    static let workerFollows = "CHORUS-WORKER"

    /// The running binary: `/proc/self/exe` names it even when it was moved or replaced
    /// on disk since, and the relay is the same build as the shell that started it.
    init(version: String, localPath: String = "/proc/self/exe") throws(FileReadError) {
        self.localPath = localPath
        sha256 = try sha256Hex(ofFileAt: localPath)
        fileName = "chorus-\(version)-\(sha256.prefix(16))"
    }

    /// Relative to the login folder, as SFTP takes it.
    var remotePath: String { "\(Self.folder)/\(fileName)" }

    /// Runs the worker if the copy on the gateway has the right hash, else makes the
    /// folder (0700), prints `needsBinary` and tidies the folder. One round trip when
    /// the copy is there.
    /// Every word is ours (hex and fixed names), so nothing needs quoting.
    var command: String {
        let file = "\"$HOME/\(remotePath)\""
        return "f=\(file);[ \"$({ sha256sum <\"$f\"; } 2>/dev/null)\" = '\(sha256)  -' ]&&{ echo \(Self.workerFollows);exec \"$f\" __worker;};"
            + "mkdir -p \"$HOME/\(Self.folder)\"&&chmod 700 \"$HOME/\(Self.folder)\"&&echo \(Self.needsBinary);"
            + "find \"$HOME/\(Self.folder)\" -maxdepth 1 -type f -mtime +\(Self.keepDays) -delete 2>/dev/null"
    }

    /// Copies of other builds (and known_hosts copies) untouched for this many days are
    /// removed when a new copy is made, so a gateway's cache does not grow with every build.
    static let keepDays = 7

    /// Lists the shared libraries the copied binary cannot find on the gateway (`ldd`'s
    /// `=> not found` lines), so a gateway without libssh2 gets a sentence, not a loader
    /// error. Prints nothing when all are there or `ldd` is missing.
    var missingLibrariesCommand: String {
        "ldd \"$HOME/\(remotePath)\" 2>/dev/null|sed -n 's/^[[:space:]]*\\([^ ]*\\) => not found.*/\\1/p'"
    }
}
