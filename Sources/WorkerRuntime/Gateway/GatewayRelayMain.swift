#if canImport(Glibc)
import Glibc
#endif

/// `chorus __gateway`: a worker on a gateway host, reached through this process
/// (`GatewayRelay`). Started by the shell like a local worker; ends when the shell's
/// stream ends (or SIGTERM/SIGHUP), after the far worker has stopped its commands.
public enum GatewayRelayMain {
    public static let modeArgument = "__gateway"

    public static func run(software: String, version: String) -> Int32 {
        signal(SIGINT, SIG_IGN)  // the shell cancels by message
        signal(SIGPIPE, SIG_IGN)
        do {
            let relay = try GatewayRelay(input: STDIN_FILENO, output: STDOUT_FILENO, software: software, version: version)
            let inbox = relay.inbox
            TerminationWatch.start { inbox.finish() }
            return relay.serve()
        } catch {
            let message = "chorus gateway relay: \(error)\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            return 1
        }
    }
}
