#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import HostPatterns
import Rendering
import SessionMux

/// What `chorus mux` does.
enum MuxAction: String, CaseIterable {
    case status, stop
}

extension Subcommands {
    /// `chorus mux status|stop`: the session mux that `--persist` leaves running.
    static let mux = Subcommand(
        name: "mux", summary: "show or stop the session mux that --persist leaves running",
        usage: "chorus mux status|stop", options: [],
        details: """
            A one-shot run with --persist DURATION (or persist = DURATION in chorus.conf)
            leaves its worker processes running in the background with their SSH sessions
            open, behind a socket only you can reach ($XDG_RUNTIME_DIR/chorus/, else
            /tmp/chorus-UID/). Later one-shot runs, on any of those hosts, use them and
            skip the logins: the output, JSON and exit status are those of a cold run. A
            host whose user, port, key, host-key policy or other connection setting
            changed logs in afresh. The mux exits after DURATION without a run; runs
            without --persist use it while it is there (--persist no: never).
              status   what it holds: its pid, idle time, workers, hosts and gateway
                       relays (exit 1: none)
              stop     end it now (its sessions close; exit 0 even when none was running)

            """,
        operands: .choices(of: MuxAction.self),
        run: MuxCommand.run)
}

enum MuxCommand {
    static func run(_ invocation: Invocation) throws -> ExitStatus {
        guard invocation.positionals.count == 1, let action = MuxAction(rawValue: invocation.positionals[0]) else {
            throw UsageError("usage: chorus mux status|stop")
        }
        let location = MuxLocation(environment: invocation.environment, software: ChorusVersion.current)
        switch action {
        case .status: return try status(location, invocation)
        case .stop: return try stop(location, invocation)
        }
    }

    private static func status(_ location: MuxLocation, _ invocation: Invocation) throws -> ExitStatus {
        let status: MuxStatus?
        do { status = try MuxClient.status(location, build: "") } catch { throw UsageError("session mux: \(error)") }
        guard let status else {
            invocation.console.error("no session mux is running (\(location.socketPath))")
            return .failure
        }
        invocation.console.out(text(status, socket: location.socketPath))
        return .ok
    }

    private static func stop(_ location: MuxLocation, _ invocation: Invocation) throws -> ExitStatus {
        let stopped: Bool
        do { stopped = try MuxClient.stop(location) } catch { throw UsageError("session mux: \(error)") }
        invocation.console.error(stopped ? "session mux stopped" : "no session mux was running")
        return .ok
    }

    /// The status, one fact per line.
    static func text(_ status: MuxStatus, socket: String) -> String {
        let idle = status.lent ? "in use by a run" : "idle \(duration(status.idleSeconds))"
        let exits = status.lent ? "" : ", exits in \(duration(max(0, status.persistSeconds - status.idleSeconds)))"
        let hosts = status.hosts.isEmpty ? "none" : "\(status.hosts.count): \(HostSet(names: status.hosts).description)"
        let relays = status.gateways.sorted { $0.key < $1.key }.map { "\($0.key) (pid \($0.value))" }
        let gateways = relays.isEmpty ? "" : "gateways     \(relays.count): \(TerminalText.escaped(relays.joined(separator: ", ")))\n"
        return """
            session mux  pid \(status.pid), up \(duration(status.upSeconds)), \(idle) of \(duration(status.persistSeconds))\(exits)
            socket       \(socket)
            workers      \(status.workerPIDs.count): pids \(status.workerPIDs.map(String.init).joined(separator: " "))
            sessions     \(TerminalText.escaped(hosts))
            \(gateways)
            """
    }

    /// `42s`, `3m05s`, `1h02m`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole < 60 { return "\(whole)s" }
        if whole < 3600 { return "\(whole / 60)m\(format2(whole % 60))s" }
        return "\(whole / 3600)h\(format2(whole % 3600 / 60))m"
    }

    private static func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
