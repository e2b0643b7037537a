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
    /// `--pick N`: N hosts picked at random from the selection.
    package var pick: Int?
    /// `--diff`: standard output kept (as for gathering) and shown at the end as
    /// unified diffs against the largest group of identical outputs.
    package var diff = false
    /// `-N`: live lines without the host label.
    package var labelsLines = true
    /// Transfers: a line per host as it finishes (`--per-host`).
    package var perHost = false
    /// A descriptor whose bytes every host's command reads as its standard input (the
    /// one-shot mode's own standard input when it is not a terminal); nil: `/dev/null`.
    package var input: Int32?

    package init(output: Output, pty: Bool) {
        self.output = output
        self.pty = pty
        largestStatus = false
        workers = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }
}

extension OneShotSettings.Output {
    /// The output a run's settings ask for: JSON, gathered (`-o gather`, or the shell's
    /// `:set gather on` beside live output), else live.
    package init(_ run: RunSettings) {
        if run.output == .json {
            self = .json
        } else {
            self = run.output == .gather || run.gather ? .gather(includeStderr: false) : .live
        }
    }
}
