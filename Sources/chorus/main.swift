import ChorusCLI

#if canImport(Glibc)
import Glibc
#endif

// `main` only hands over: ChorusMain picks the mode (see STYLE.md, "main only picks a mode").
let status = ChorusMain.run(
    arguments: Array(CommandLine.arguments.dropFirst()),
    environment: ProcessInfoEnvironment.current)
exit(status)
