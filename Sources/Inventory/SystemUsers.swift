#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The password database (`getpwuid`, `getpwnam`), for the default username and `~user`.
enum SystemUsers {
    /// The login name of the effective user. The corresponding C function is `getpwuid`.
    static func currentName() -> String? {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// Home of `user`, or of the effective user when nil. The C functions are
    /// `getpwnam` and `getpwuid`.
    static func home(of user: String?) -> String? {
        let entry = user.map { getpwnam($0) } ?? getpwuid(geteuid())
        guard let entry, let directory = entry.pointee.pw_dir else { return nil }
        return String(cString: directory)
    }
}
