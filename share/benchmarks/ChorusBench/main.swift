// chorus-bench: times the broadcast engine itself — a cold command on every host, then
// a second command on the sessions the workers kept open. Used by
// share/benchmarks/broadcast; prints one line per measurement.
//
//   chorus-bench WORKER_BINARY INVENTORY KNOWN_HOSTS PATTERN COMMAND [WORKERS]

import Broadcasting
import Foundation
import Glibc
import Inventory
import JobDispatch
import Posix
import WorkerProtocol

func complain(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 6 else {
    complain("usage: chorus-bench WORKER_BINARY INVENTORY KNOWN_HOSTS PATTERN COMMAND [WORKERS]")
    exit(2)
}
let environment = ProcessInfoEnvironment.current
let loaded = InventoryLoader(environment: environment).load(path: arguments[2])
guard loaded.errors.isEmpty, let selected = try? loaded.inventory.select(arguments[4], defaultUsername: "root").hosts else {
    complain("chorus-bench: cannot load \(arguments[2]) or select \(arguments[4])")
    exit(2)
}
var globals = RunSettings()
globals.knownHostsPath = arguments[3]
globals.hostKeyPolicies[.commandLine] = .strict
let hosts = selected.map { $0.dispatchHost(globals, environment: environment) }
let workers = arguments.count > 6 ? Int(arguments[6]) ?? 2 : Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
let pool = WorkerPool(size: workers, workerCommand: [arguments[1], "__worker"])

/// CPU seconds of this process and its reaped children, plus the live workers' (from /proc).
@MainActor func cpuSeconds() -> Double {
    var own = rusage()
    getrusage(RUSAGE_SELF.rawValue, &own)
    let seconds = { (t: timeval) in Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    var total = seconds(own.ru_utime) + seconds(own.ru_stime)
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    for pid in pool.workerPIDs {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) {
            total += (user + system) / ticks
        }
    }
    return total
}

@MainActor func measure(_ label: String) {
    let (wall0, cpu0) = (MonotonicClock.now, cpuSeconds())
    var failures = 0
    let run = pool.broadcast(arguments[5], to: hosts, options: BroadcastOptions(fanout: hosts.count),
                             software: "chorus-bench") { event in
        if case .finished(_, let outcome, _) = event, outcome != .exited(0) { failures += 1 }
    }
    let (wall, cpu) = (MonotonicClock.now - wall0, cpuSeconds() - cpu0)
    print("\(label) hosts=\(run.results.count) failed=\(failures) wall=\(String(format: "%.3f", wall)) cpu=\(String(format: "%.3f", cpu)) cpu_per_host_ms=\(String(format: "%.2f", cpu * 1000 / Double(hosts.count)))")
}

measure("cold")
measure("kept")
pool.shutdown()
