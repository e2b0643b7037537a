import ChorusCLI
import CPosixShim

#if canImport(Glibc)
import Glibc
#endif

// The shell and its workers hold passwords and passphrases: a crash must not put
// them in a core file or on a terminal (see cposix_refuse_memory_dumps). It cannot
// fail for an unprivileged process lowering its own limits; if it ever does, the
// run goes on, as it would have before.
_ = cposix_refuse_memory_dumps()

// A closed pipe (`chorus … | head`, a worker gone) is an EPIPE to handle, not a death.
signal(SIGPIPE, SIG_IGN)

// `main` only hands over: ChorusMain picks the mode (see STYLE.md, "main only picks a mode").
let status = ChorusMain.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfoEnvironment.current,
    input: STDIN_FILENO)
exit(status)
