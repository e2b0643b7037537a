import Foundation
import JobDispatch
import Posix
import Testing
import WorkerProtocol

/// Every JobDispatch suite nests in this one so that none runs beside another: they
/// count the process's descriptors and route process-wide signals.
@Suite(.serialized) struct JobDispatchTests {}

/// Pools of `fake-worker` processes, started as production starts `chorus __worker`:
/// the pool's worker command, with the script as extra arguments.
enum FakeWorkers {
    /// Beside the test bundle, built because this target depends on it.
    static let binary: String = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("fake-worker").path

    /// A dead worker's pipe must be an error to handle, as in `chorus` (main.swift).
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    static func pool(size: Int, _ script: String...) -> WorkerPool {
        ignoreBrokenPipes
        return WorkerPool(size: size, workerCommand: [binary, "__worker"] + script)
    }

    static func hosts(_ count: Int) -> [DispatchHost] {
        (0..<count).map { index in
            let spec = HostSpec(hostID: 0, name: "h\(index)", hostname: "127.0.0.1", username: "nobody", auth: [],
                                knownHostsPath: "/dev/null", connectTimeoutMillis: 1000, keepaliveSeconds: 0)
            return DispatchHost(name: "h\(index)", spec: spec)
        }
    }
}

/// What one broadcast reported.
final class Recording {
    var events: [BroadcastEvent] = []
    var results: [String: JobOutcome] = [:]
    var seconds = 0.0

    /// Runs `command` on `hosts` and records it; `onEvent` sees each event as it comes.
    init(_ pool: WorkerPool, _ hosts: [DispatchHost], command: String = "true", options: BroadcastOptions = .init(),
         signals: SignalPipe? = nil, onEvent: (BroadcastEvent) -> Void = { _ in }) {
        let start = MonotonicClock.now
        withoutActuallyEscaping(onEvent) { onEvent in
            results = pool.broadcast(command, to: hosts, options: options, software: "job-dispatch-tests",
                                     signals: signals) { [self] event in
                events.append(event)
                onEvent(event)
            }.results
        }
        seconds = MonotonicClock.now - start
    }

    /// The fake worker's `pid=P host=H` lines: which worker ran each host.
    var workerByHost: [String: Int32] {
        var found: [String: Int32] = [:]
        for case .output(let host, _, let bytes) in events {
            let text = String(decoding: bytes, as: UTF8.self)
            guard text.hasPrefix("pid="), let pid = Int32(text.dropFirst(4).prefix { $0.isNumber }) else { continue }
            found[host] = pid
        }
        return found
    }

    func outputBytes(of host: String) -> Int {
        events.reduce(0) { total, event in
            guard case .output(host, _, let bytes) = event else { return total }
            return total + bytes.count
        }
    }

    var logs: [String] {
        events.compactMap { event in
            guard case .log(_, let message) = event else { return nil }
            return message
        }
    }
}

/// Whether the process has gone (reaped, or a zombie waiting for its parent).
func processHasExited(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    guard let close = stat.lastIndex(of: ")") else { return true }
    return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
}

/// Waits up to `seconds` for `condition`, checking every 10 ms.
func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
    let deadline = MonotonicClock.now + seconds
    while MonotonicClock.now < deadline {  // bounded by the deadline
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}
