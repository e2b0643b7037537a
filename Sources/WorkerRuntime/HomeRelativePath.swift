#if canImport(Glibc)
import Glibc
#endif

/// Paths the shell sends relative to the worker's home (`~/.ssh/known_hosts`): a worker on
/// a gateway checks host keys against the gateway user's own file, which the shell, on
/// another machine, cannot name. Only a leading `~/` is expanded (not `~user`), against
/// the worker process's `HOME`, or its passwd entry's home when `HOME` is unset or empty.
enum HomeRelativePath {
    static func expanded(_ path: String, home: String? = workerHome()) -> String {
        guard path.hasPrefix("~/"), let home, !home.isEmpty else { return path }
        let base = home.hasSuffix("/") ? String(home.dropLast()) : home
        return base + path.dropFirst()
    }

    /// `HOME`, else the home in the passwd entry of the worker's user.
    static func workerHome() -> String? {
        if let home = getenv("HOME"), home.pointee != 0 { return String(cString: home) }
        guard let entry = getpwuid(getuid()), let home = entry.pointee.pw_dir else { return nil }
        return String(cString: home)
    }
}
