import Broadcasting
import CPosixShim
import ChorusCLI
import SessionMux
import WorkerRuntime

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

// `main` only picks a mode (see STYLE.md). The hidden worker mode is picked here, so only
// the executable links WorkerRuntime (and through it the SSH library); every other
// mode is ChorusMain's.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == [ChorusMain.workerModeArgument] {
    // A worker holds a socket per host (ChorusMain.run raises the shell's limit).
    OpenFileLimit.raise()
    exit(WorkerMain.run(software: ChorusVersion.software))
}
if arguments == [GatewayRelayMain.modeArgument] {
    exit(GatewayRelayMain.run(software: ChorusVersion.software, version: ChorusVersion.current))
}
if arguments.first == MuxLauncher.modeArgument {
    exit(MuxDaemon.run(arguments: arguments, environment: ProcessInfoEnvironment.current))
}
let status = ChorusMain.run(
    arguments: arguments,
    environment: ProcessInfoEnvironment.current,
    input: STDIN_FILENO,
    libraries: "libssh2 \(WorkerMain.sshLibraryVersion)")
exit(status)
