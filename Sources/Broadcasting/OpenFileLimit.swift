#if canImport(Glibc)
import Glibc
#endif

/// Each host a worker serves holds a socket, so thousands of hosts need more file
/// descriptors than the usual soft limit of 1024. The soft limit is raised to the hard
/// one (allowed without privileges); the pool then sizes itself so no worker needs more.
package enum OpenFileLimit {
    /// The soft limit in force (`main` raised it once at start-up).
    package static var current: Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        return Int(clamping: limit.rlim_cur)
    }

    /// Raises the soft limit to the hard limit and returns the limit now in force.
    @discardableResult
    package static func raise() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(Int32(RLIMIT_NOFILE.rawValue), &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }

    /// Descriptors a worker keeps besides its hosts' sockets (pipes, known_hosts, logs).
    package static let workerOverhead = 64

    /// Enough workers that none holds more hosts than the limit allows.
    package static func workers(requested: Int, hosts: Int, limit: Int) -> Int {
        let perWorker = max(1, limit - workerOverhead)
        let needed = (hosts + perWorker - 1) / perWorker
        return min(max(requested, needed), max(1, hosts))
    }
}
