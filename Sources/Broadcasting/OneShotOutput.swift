import JobDispatch
import Rendering
import WorkerProtocol

/// Turns broadcast events into what the operator (or a script) sees: live lines,
/// gathered groups or JSON lines, per-host files, and the summary. The only writer
/// of the terminal during a one-shot run.
package final class OneShotOutput {
    private let settings: OneShotSettings
    private let console: Console
    private let color: Bool
    private var live: LiveRenderer
    private var gather: GatherRenderer
    /// JSON mode keeps each host's output until the host ends, up to this much per stream,
    /// in memory up to `--output-memory` for all hosts and in a temporary file past it.
    package static let jsonCaptureLimit = 16 << 20
    private let jsonStore: OutputStore
    private var captured: [String: (stdout: StoredBytes, stderr: StoredBytes)] = [:]
    /// Set once the spill file failed and the operator was told.
    private var warnedOfSpillFailure = false
    private let files: OutputFiles
    private let progress: ProgressDisplay?
    /// Transfers: each host's bytes so far, for `--per-host` lines.
    private var bytesMoved: [String: UInt64] = [:]
    private(set) var results: [HostResult] = []

    package init(settings: OneShotSettings, run: RunSettings, hosts: [String], console: Console,
         environment: [String: String]) throws(UsageError) {
        self.settings = settings
        self.console = console
        gather = GatherRenderer(memoryLimit: run.outputMemoryMiB << 20)
        jsonStore = OutputStore(memoryLimit: run.outputMemoryMiB << 20)
        color = Self.useColor(run.color, terminal: console.outIsTerminal, environment: environment)
        let style: LiveStyle = console.outIsTerminal
            ? .terminal(color: color, hostWidth: LiveRenderer.hostWidth(for: hosts)) : .plain
        live = LiveRenderer(style: style)
        live.labelsLines = settings.labelsLines
        files = try OutputFiles(outdir: settings.outdir, errdir: settings.errdir)
        progress = ProgressDisplay(console: console, hosts: hosts)
    }

    /// NO_COLOR (https://no-color.org) and `--color=never` win; `auto` colours terminals.
    package static func useColor(_ mode: RunSettings.ColorMode, terminal: Bool, environment: [String: String]) -> Bool {
        switch mode {
        case .always: true
        case .never: false
        case .auto: terminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
        }
    }

    package func consume(_ event: BroadcastEvent) {
        defer {
            if case .finished = event { progress?.redraw(force: true) } else { progress?.redraw() }
        }
        switch event {
        case .output(let host, let stream, let bytes): output(host, stream, bytes)
        case .finished(let host, let outcome, let millis): finished(HostResult(host: host, outcome: outcome, durationMillis: millis))
        case .progress(let host, let done, let total):
            bytesMoved[host] = done
            progress?.bytes(host, done: done, total: total)
        case .log(let level, let message) where level.rawValue >= LogLevel.warning.rawValue:
            // A worker's words may carry a remote machine's (a gateway's worker, its stderr):
            // escaped like any host's message, so none can move the cursor or retitle the terminal.
            progress?.clear()
            console.error(TerminalText.escaped(message))
        case .log, .tick: break  // a tick only redraws the progress line (above)
        }
    }

    private func output(_ host: String, _ stream: StandardStream, _ bytes: [UInt8]) {
        files.append(bytes, host: host, stream: stream)
        switch settings.output {
        case .live: writeLive(host, stream, bytes)
        case .gather(let includeStderr) where stream == .stderr && !includeStderr:
            // As clush -b: standard error is not gathered but shown as it comes, so the
            // reason a command failed is never hidden behind an empty group.
            writeLive(host, stream, bytes)
        case .gather:
            gather.feed(host: host, stream: stream, bytes: bytes)
            warnIfSpillFailed(gather.spillFailure)
        case .json:
            let limit = Self.jsonCaptureLimit
            if stream == .stdout {
                jsonStore.append(bytes, to: &captured[host, default: (StoredBytes(), StoredBytes())].stdout, limit: limit)
            } else {
                jsonStore.append(bytes, to: &captured[host, default: (StoredBytes(), StoredBytes())].stderr, limit: limit)
            }
            warnIfSpillFailed(jsonStore.spillFailure)
        }
    }

    /// Output past `--output-memory` that could not go to a temporary file is dropped
    /// (and counted where it is shown); say why, once.
    private func warnIfSpillFailed(_ failure: SpillError?) {
        guard let failure, !warnedOfSpillFailure else { return }
        warnedOfSpillFailure = true
        progress?.clear()
        console.error("warning: output past --output-memory is dropped: \(failure)")
    }

    private func finished(_ result: HostResult) {
        var result = result
        if let lost = files.close(host: result.host) { result.outcome = outcome(result.outcome, outputFileFailure: lost) }
        results.append(result)
        progress?.hostFinished(result.host, ok: result.outcome.isOK)
        report(result)
        switch settings.output {
        case .live: write(live.finish(host: result.host))
        case .gather:
            gather.finish(result)
            write(live.finish(host: result.host))  // a last stderr line without a newline
        case .json:
            let output = captured.removeValue(forKey: result.host) ?? (StoredBytes(), StoredBytes())
            progress?.clear()
            let stdout = readBack(output.stdout), stderr = readBack(output.stderr)
            warnIfCut(result.host, stdout.dropped, "standard output")
            warnIfCut(result.host, stderr.dropped, "standard error")
            console.out(JSONLines.host(result, stdout: stdout.bytes, stderr: stderr.bytes) + "\n")
            jsonStore.forget(output.stdout)
            jsonStore.forget(output.stderr)
        }
    }

    /// A host whose `--outdir`/`--errdir` file could not be opened or written fails
    /// (`output-file`, class 4) even when its command exited 0: its output is lost. An
    /// outcome already worse (timed out, cancelled, killed) stays, and the loss gets a
    /// line of its own.
    private func outcome(_ outcome: HostOutcome, outputFileFailure lost: String) -> HostOutcome {
        guard case .exited(let status) = outcome else {
            progress?.clear()
            console.error("\(lost)")
            return outcome
        }
        return .failed(kind: "output-file", message: "\(lost) (the command exited \(status))")
    }

    /// `--per-host` lines on standard output; without them, when no summary will be
    /// drawn (standard error is not a terminal), a host that failed without running to
    /// an exit status of its own gets one line on standard error, so a cron log says why.
    private func report(_ result: HostResult) {
        if settings.perHost {
            progress?.clear()
            console.out(Self.perHostLine(result, bytes: bytesMoved[result.host]))
        } else if !console.errIsTerminal, settings.output != .json, !result.outcome.isExit {
            console.error("\(result.host): \(result.outcome.reason)")
        }
    }

    /// `web1: ok · 100.0 MB in 1.20 s (83.3 MB/s)` or `web2: no-such-directory: …`.
    package static func perHostLine(_ result: HostResult, bytes: UInt64?) -> String {
        guard result.outcome.isOK else { return "\(result.host): \(result.outcome.reason)\n" }
        let seconds = Double(result.durationMillis) / 1000
        guard let bytes else { return "\(result.host): ok · \(Summary.duration(seconds))\n" }
        let rate = seconds > 0 ? " (\(ByteCount.text(UInt64(Double(bytes) / seconds)))/s)" : ""
        return "\(result.host): ok · \(ByteCount.text(bytes)) in \(Summary.duration(seconds))\(rate)\n"
    }

    /// A stream kept for JSON, read back; what cannot be read back counts as dropped.
    private func readBack(_ stored: StoredBytes) -> (bytes: [UInt8], dropped: Int) {
        guard let bytes = try? jsonStore.bytes(of: stored) else { return ([], stored.dropped + stored.count) }
        return (bytes, stored.dropped)
    }

    private func warnIfCut(_ host: String, _ dropped: Int, _ stream: String) {
        guard dropped > 0 else { return }
        console.error("warning: \(host): \(dropped) bytes of \(stream) beyond \(Self.jsonCaptureLimit >> 20) MiB "
            + "left out of the JSON (use --outdir/--errdir for all of it)")
    }

    /// The lines a chunk completes, written in runs (one write for many short lines).
    private func writeLive(_ host: String, _ stream: StandardStream, _ bytes: [UInt8]) {
        live.feed(host: host, stream: stream, bytes: bytes) { write([$0]) }
    }

    private func write(_ lines: [RenderedLine]) {
        if !lines.isEmpty { progress?.clear() }
        for line in lines {
            if line.stream == .stdout { console.outBytes(line.bytes) } else { console.errBytes(line.bytes) }
        }
    }

    /// Gathered groups or the JSON summary, then the human summary on a terminal.
    package func finish(wallSeconds: Double) {
        progress?.clear()
        switch settings.output {
        case .live: break
        case .gather where settings.diff: console.out(OutputDiff.text(gather.standardOutputs(), terminal: console.outIsTerminal))
        case .gather(let includeStderr): gather.render(includeStderr: includeStderr, color: color) { console.out($0) }
        case .json: console.out(JSONLines.summary(results, wallMillis: UInt64(wallSeconds * 1000)) + "\n")
        }
        if console.errIsTerminal && settings.output != .json {
            console.err(Summary.text(results, wallSeconds: wallSeconds, color: color))
        }
    }
}
