import ChorusCLI

#if canImport(Glibc)
import Glibc
#endif

// A closed pipe (`chorus … | head`, a worker gone) is an EPIPE to handle, not a death.
signal(SIGPIPE, SIG_IGN)

// `main` only hands over: ChorusMain picks the mode (see STYLE.md, "main only picks a mode").
let status = ChorusMain.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfoEnvironment.current,
    input: STDIN_FILENO)
exit(status)
