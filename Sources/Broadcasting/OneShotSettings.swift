#if canImport(Glibc)
import Glibc
#endif

/// The one-shot options after validation.
package struct OneShotSettings {
    package enum Output: Equatable { case live, gather(includeStderr: Bool), json }

    package var output: Output
    package var largestStatus: Bool
    package var outdir: String?
    package var errdir: String?
    package var workers: Int
    package var pty: Bool
    /// Transfers: a line per host as it finishes (`--per-host`).
    package var perHost = false

    package init(output: Output, pty: Bool) {
        self.output = output
        self.pty = pty
        largestStatus = false
        workers = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}
