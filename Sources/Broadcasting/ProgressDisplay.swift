#if canImport(Glibc)
import Glibc
#endif
import CPosixShim
import JobDispatch
import Posix
import Rendering

/// The one-line progress display on standard error while hosts are outstanding:
/// `[37/50] 2 failed · waiting on web[07-09]`. Output lines never mix with it: the
/// line is erased before anything else is written and drawn again after, at most ten
/// times a second. Only on a terminal. Transfers add bytes done of total and the rate.
package final class ProgressDisplay {
    private let console: Console
    private let total: Int
    private var running: [String]
    private var done = 0
    private var failed = 0
    private var shown = false
    private var lastDraw = 0.0
    /// Transfers: each host's bytes done and total, and recent samples for the rate.
    private var hostBytes: [String: (done: UInt64, total: UInt64)] = [:]
    private var samples: [(time: Double, done: UInt64)] = []

    /// When the run started: the line first appears half a second in, so a quick
    /// command does not flicker it, and a hang shows as `waiting on …` from then on.
    private let started = MonotonicClock.now
    static let firstDrawAfter = 0.5

    package init?(console: Console, hosts: [String]) {
        guard console.errIsTerminal else { return nil }
        self.console = console
        self.total = hosts.count
        self.running = hosts
    }

    /// Erases the line so other text can be written where it was.
    package func clear() {
        guard shown else { return }
        console.err("\r\u{1B}[K")
        shown = false
    }

    package func hostFinished(_ host: String, ok: Bool) {
        done += 1
        if !ok { failed += 1 }
        running.removeAll { $0 == host }
    }

    /// A transfer's progress on one host (totals may grow as a get lists folders).
    package func bytes(_ host: String, done: UInt64, total: UInt64) {
        hostBytes[host] = (done, total)
    }

    /// Bytes across hosts and the rate over the last few seconds; nil for commands.
    private func byteProgress(now: Double) -> ProgressLine.Bytes? {
        guard !hostBytes.isEmpty else { return nil }
        let done = hostBytes.values.reduce(UInt64(0)) { $0 + $1.done }
        let total = hostBytes.values.reduce(UInt64(0)) { $0 + $1.total }
        samples.append((now, done))
        samples.removeAll { now - $0.time > 3 }
        let oldest = samples[0]
        let rate = now - oldest.time > 0.05 ? Double(done - min(done, oldest.done)) / (now - oldest.time) : 0
        return ProgressLine.Bytes(done: done, total: total, perSecond: rate)
    }

    /// Draws the line again unless it was drawn less than 0.1 s ago, the run is younger
    /// than `firstDrawAfter`, or all are done;
    /// `force` for a host finishing, so the counts are never stale.
    package func redraw(force: Bool = false) {
        let now = MonotonicClock.now
        guard done < total, now - started >= Self.firstDrawAfter, force || now - lastDraw >= 0.1 else { return }
        clear()
        let width = max(20, Int(cposix_terminal_width(STDERR_FILENO)) - 1)
        console.err(ProgressLine.text(done: done, failed: failed, total: total, running: running, width: width,
                                      bytes: byteProgress(now: now)))
        shown = true
        lastDraw = now
    }
}
