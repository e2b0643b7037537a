#if canImport(Glibc)
import Glibc
#endif
import Broadcasting
import HostPatterns
import Inventory
import JobDispatch
import Rendering

/// The interactive shell's state: the selection, settings, kept worker pool (so a
/// host's second command costs a channel, not a login), the last results for
/// `@last:…`, and the `cd`/`export` state replayed before each remote command.
final class InteractiveSession {
    enum Step { case next, quit }

    let console: Console
    let environment: [String: String]
    /// The command line's settings, then edited by `:set`.
    var settings: RunSettings
    var inventory: Inventory
    /// Where the inventory was found (nil: none), and how its files looked when loaded.
    let inventoryLocation: String?
    var inventoryStamp: InventoryStamp?
    var selectionPattern: String?
    var selection: [ResolvedHost] = []
    var last = LastResults()
    /// Each host's standard output of the last broadcast (up to 1 MiB), for `:diff`,
    /// kept in `lastOutputStore` (in memory up to `--output-memory` for all hosts).
    var lastOutputs: [String: StoredBytes] = [:]
    var lastOutputStore = OutputStore(memoryLimit: 0)
    var lastFailed = false
    var remote = RemoteSessionState()
    let pool: WorkerPool
    let signals = SignalPipe()
    /// Lines typed at the prompt this session that went into history (for `:history`).
    var typed: [String] = []
    /// Set when SIGTERM or SIGHUP ended a broadcast: the session ends with 128 + it.
    var endSignal: Int32?
    /// A script's own remarks (the selection echo) go to standard error, so that its
    /// standard output is only the hosts' `HOST: LINE`s (`… | dshbak -c` works).
    var remarksToStandardError = false
    /// The exit status of the last line's error (a usage error is 2), nil when the last
    /// line raised none: a script that stops on it exits with it.
    var lastErrorStatus: ExitStatus?
    /// Passwords typed for `password_prompt` hosts and `-A`: asked once, kept for the session.
    let typedPasswords = TypedPasswords()
    /// The OpenSSH client configuration, read when the session starts.
    let sshConfig: SSHConfigInForce
    /// ssh_config warnings already shown (each once a session).
    var shownWarnings: Set<String> = []
    /// Each command line and transfer gets a line here (a failure to write is said once).
    let auditLog: AuditLog
    /// How the audit trail names this session: the shell at a terminal, or a script.
    var auditMode = AuditRecord.Mode.shell

    init(context: RunContext) throws {
        console = context.console
        environment = context.environment
        settings = context.settings
        inventory = try InventoryLocationLoading.load(context)
        if let none = InventoryLocationLoading.notFound(context) { context.console.error("note: \(none.message); ad-hoc hosts only") }
        sshConfig = try SSHConfigInForce(context.settings, environment: context.environment)
        auditLog = AuditLog(settings: context.settings, environment: context.environment, console: context.console)
        inventoryLocation = try? InventoryLocation.find(explicit: settings.inventoryPath, environment: environment)?.path
        inventoryStamp = inventoryLocation.map(InventoryStamp.init)
        // Sized for the whole inventory, so no worker runs out of descriptors later.
        let workers = OpenFileLimit.workers(requested: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
                                            hosts: max(2, inventory.allHosts.count), limit: OpenFileLimit.current)
        pool = WorkerPool(size: workers, workerCommand: try BroadcastRunner.workerCommand(environment: environment))
    }

    /// `chorus [web[01-04],db02 · 5]> `: the hosts selected now, folded (not the pattern
    /// typed, which may say `@db!@db`), cut to `promptWidth`; a `!` when the last command
    /// had failures.
    var prompt: String {
        let mark = lastFailed ? "!" : ""
        guard !selection.isEmpty else { return "chorus [none]\(mark)> " }
        let folded = HostSet(names: selection.map(\.name)).description
        let shown = folded.count <= Self.promptWidth ? folded : folded.prefix(Self.promptWidth - 1) + "…"
        return "chorus [\(shown) · \(selection.count)]\(mark)> "
    }

    /// Characters of the folded selection the prompt shows, so a long one leaves room to type.
    static let promptWidth = 40

    /// Hosts a pattern selects now (inventory, ad-hoc names, `@last:…`).
    func resolve(_ pattern: String) throws -> [ResolvedHost] {
        try inventory.select(pattern, defaultUsername: settings.user ?? InventoryLoader(environment: environment).defaultUsername,
                             lastResults: last).hosts
    }

    func shutdown() { pool.shutdown() }
}
