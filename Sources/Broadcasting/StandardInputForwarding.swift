#if canImport(Glibc)
import Glibc
#endif

/// Whether a one-shot command's hosts read the operator's standard input, as clush
/// does: when it is not a terminal (a pipe or a file), it is read once and sent to
/// every host. Never with `--no-stdin`, with `--pty` (a terminal's input is the
/// operator's keys, not data), or when it is `/dev/null` (cron, `ssh -n` habits): then
/// the hosts keep reading `/dev/null` as before, with no spool.
package enum StandardInputForwarding {
    package static func source(_ input: Int32?, pty: Bool, disabled: Bool) -> Int32? {
        guard let input, !pty, !disabled, isatty(input) == 0 else { return nil }
        var info = stat(), null = stat()
        guard fstat(input, &info) == 0 else { return nil }
        let isNull = stat("/dev/null", &null) == 0 && info.st_mode & S_IFMT == S_IFCHR && info.st_rdev == null.st_rdev
        return isNull ? nil : input
    }
}
