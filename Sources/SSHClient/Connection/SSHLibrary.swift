// SSHClient: the only module that imports libssh2. Everything above it sees Swift types.

import CLibSSH2

/// Process-wide facts about the linked libssh2.
public enum SSHLibrary {
    /// The version of the libssh2 actually loaded at run time, e.g. `1.10.0`.
    /// The corresponding C function is `libssh2_version`.
    public static var version: String {
        guard let text = libssh2_version(0) else { return "unknown" }
        return String(cString: text)
    }

    /// Initialises libssh2's global state (crypto backend). Idempotent; call it
    /// once before the first session, from one thread.
    /// The corresponding C function is `libssh2_init`.
    public static func initialize() throws(SSHLibraryError) {
        let rc = libssh2_init(0)
        guard rc == 0 else { throw SSHLibraryError(code: rc) }
    }
}

/// libssh2's global initialisation failed (its crypto backend could not start).
public struct SSHLibraryError: Error, CustomStringConvertible {
    public let code: Int32
    public var description: String { "libssh2 failed to initialise (code \(code))" }
}
