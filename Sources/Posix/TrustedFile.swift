#if canImport(Glibc)
import Glibc
#endif

/// ssh's rule for a configuration file that can change how hosts are reached (and so
/// could turn a check off): owned by the user or root, and writable by no one else.
/// The ssh_config reader and chorus.conf both hold to it.
public func isTrustedConfiguration(_ info: stat) -> Bool {
    (info.st_uid == 0 || info.st_uid == getuid()) && info.st_mode & 0o022 == 0
}
