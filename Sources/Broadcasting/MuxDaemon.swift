#if canImport(Glibc)
import Glibc
#endif
import SessionMux

/// `chorus __mux --workers N --persist SECONDS`: the session mux's process, started by a
/// run with `--persist` (`MuxLauncher`). Its environment is that run's; its workers are
/// this binary's worker mode. Exits 0 when it is done, 1 when it cannot take the socket.
package enum MuxDaemon {
    package static func run(arguments: [String], environment: [String: String]) -> Int32 {
        var workers = 1, persist = 600.0
        var words = arguments.dropFirst()[...]
        while let name = words.popFirst(), let value = words.popFirst() {  // pairs; ends with the words
            if name == "--workers", let count = Int(value), count >= 1 { workers = count }
            if name == "--persist", let seconds = Double(value), seconds > 0 { persist = seconds }
        }
        // Sessions for every host of the runs it serves, as the shell holds them.
        OpenFileLimit.raise()
        do {
            let command = try BroadcastRunner.workerCommand(environment: environment)
            let server = try MuxServer(
                location: MuxLocation(environment: environment, software: ChorusVersion.current),
                build: MuxBuild.identity(binary: command[0]), software: ChorusVersion.software,
                workerCommand: command, workers: workers, persistSeconds: persist)
            server.run()
            return 0
        } catch {
            return 1
        }
    }
}
