#if canImport(Glibc)
import Glibc
#endif

/// The local account ssh reads its configuration for: the real user's password entry
/// (ssh uses `getuid`, not `$HOME`), for `%u`, `%d`, `~` and `Match localuser`.
public struct SSHLocalAccount: Sendable, Equatable {
    public let user: String
    public let home: String

    public init(user: String, home: String) {
        self.user = user
        self.home = home
    }

    /// The current user's name and home, or nil without a password entry. The
    /// corresponding C function is `getpwuid`.
    public static func current() -> SSHLocalAccount? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name, let directory = entry.pointee.pw_dir else {
            return nil
        }
        return SSHLocalAccount(user: String(cString: name), home: String(cString: directory))
    }
}
