#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import Posix

extension InteractiveSession {
    /// One line of input: parsed, then run. A bad line is one message; nothing typed
    /// ends the session except quit, exit or the end of input.
    func handle(_ text: String) -> (step: Step, ok: Bool) {
        lastErrorStatus = nil
        do {
            let line = try ShellParser.parse(text)
            if line != .empty { refreshInventory(quiet: false) }  // a blank line or comment needs no inventory
            switch line {
            case .empty: return (.next, true)
            case .exit: return (.quit, true)
            case .control(let command): return try control(command)
            case .broadcast(let command): return (.next, try broadcast(command, to: nil))
            case .targeted(let pattern, let command): return (.next, try broadcast(command, to: pattern))
            case .local(let command): return (.next, runLocally(command))
            case .legacy(let legacy): return (.next, try runLegacy(legacy))
            }
        } catch let end as SessionEnd {
            endSignal = end.signal
            return (.quit, false)
        } catch {
            let report = ErrorReport(error)
            console.error(report.message)
            lastErrorStatus = report.status
        }
        return (.next, false)
    }

    private func runLegacy(_ legacy: LegacyCommand) throws -> Bool {
        switch legacy.action {
        case .run(let command): return try broadcast(command, to: legacy.pattern)
        case .copy(let direction, let local, let remote):
            return try transfer(TransferRequest(direction, local: local, remote: remote), to: legacy.pattern)
        }
    }

    /// `!COMMAND` runs on this machine through /bin/sh.
    /// The corresponding C functions are `posix_spawn` (Posix's `spawn`) and `waitpid`.
    private func runLocally(_ command: String) -> Bool {
        guard let pid = try? spawn(["/bin/sh", "-c", command]) else {
            console.error("cannot run /bin/sh")
            return false
        }
        var status: Int32 = 0
        _ = retryingOnInterrupt { waitpid(pid, &status, 0) }
        return status == 0
    }
}
