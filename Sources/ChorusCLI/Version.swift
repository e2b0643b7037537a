import SSHClient

/// The release of this build, shown by `chorus --version` and in worker hello frames.
public enum ChorusVersion {
    public static let current = "0.1.0"

    /// `chorus 0.1.0 (libssh2 1.10.0)`: the library version is read at run time, since
    /// that is the one actually loaded.
    /// How workers and the shell name themselves in hello frames.
    static var software: String { "chorus \(current)" }

    static var banner: String { "chorus \(current) (libssh2 \(SSHLibrary.version))" }
}
