import CLibSSH2

/// What runs on the session's SFTP subsystems: transfers and small operations.
protocol SFTPWork: AnyObject {
    /// The path the work is about, for errors.
    var remotePath: String { get }
    var isDone: Bool { get }
    /// The subsystem chosen on the work's first turn; it stays there (remote handles
    /// belong to one subsystem), unless that subsystem never opened.
    var subsystem: SFTPSubsystem? { get set }
    /// Advances as far as possible without waiting; true if anything moved.
    func step(session: SSHSession, sftp: SFTPSubsystem) -> Bool
    /// The session or subsystem died under it: report now, no remote call is possible.
    func abandon(_ error: SFTPError)
    /// Set when it ended because the connection is gone.
    var lostConnection: SFTPError? { get }
}

/// The session's SFTP subsystems: up to `limit` of them, opened on demand.
///
/// libssh2 1.10 lets one call at a time be in flight on a subsystem (see
/// `SFTPSubsystem`), so a host's small files each wait for the previous one's
/// open/write/fstat/close/rename round trips. Several subsystems (one channel each)
/// let that many calls be in flight at once. Each new piece of work goes to the least
/// loaded subsystem; another is opened only when every existing one has work. One
/// opens at a time, since `libssh2_sftp_init` keeps its progress in the session. A
/// server that refuses another channel (sshd's `MaxSessions`) caps the pool at what it
/// has, and the work meant for the refused subsystem moves to the others.
///
/// When the work runs out, all but one subsystem close (`closeExtras`): a session kept
/// between commands holds one `sftp-server` on its host, and one channel of the
/// server's `MaxSessions`, not `limit` of them.
final class SFTPPool {
    private(set) var subsystems: [SFTPSubsystem] = []
    /// Subsystems on their way out: `close` is tried again on each turn until it ends.
    private var closing: [SFTPSubsystem] = []
    /// The most subsystems open at once so far.
    private(set) var mostOpen = 0
    /// The most subsystems this server accepts, once it has refused one.
    private var serverCap: Int?

    var isEmpty: Bool { subsystems.isEmpty }

    /// Assigns new work, opens subsystems, then steps every piece of work once. Work
    /// taken off a refused subsystem is assigned again on the next pass.
    func step(_ work: [any SFTPWork], session: SSHSession, raw: OpaquePointer, limit: Int) -> Bool {
        for item in work where item.subsystem == nil && !item.isDone {
            assign(item, raw: raw, limit: limit)
        }
        var moved = openNext()
        moved = dropRefused(work) || moved
        for item in work where !item.isDone {
            guard let subsystem = item.subsystem else { continue }
            moved = item.step(session: session, sftp: subsystem) || moved
        }
        return moved
    }

    /// Work that is over gives its subsystem's slot back.
    func retire(_ item: any SFTPWork) {
        item.subsystem?.load -= 1
    }

    /// The least loaded subsystem, or a new one when every subsystem has work and the
    /// limit allows another.
    /// A subsystem that failed to start is tried afresh by later work once the work
    /// that saw it fail has reported.
    private func assign(_ item: any SFTPWork, raw: OpaquePointer, limit: Int) {
        subsystems.removeAll { $0.isFailed && $0.load == 0 }
        let usable = subsystems.filter { !$0.isFailed }
        let least = usable.min { $0.load < $1.load }
        let allowed = min(max(1, limit), serverCap ?? .max)
        let chosen: SFTPSubsystem
        if let least, least.load == 0 || usable.count >= allowed {
            chosen = least
        } else {
            chosen = SFTPSubsystem(session: raw)
            subsystems.append(chosen)
        }
        item.subsystem = chosen
        chosen.load += 1
    }

    /// Advances the first subsystem still opening (one `libssh2_sftp_init` at a time).
    private func openNext() -> Bool {
        guard let opening = subsystems.first(where: \.isOpening), opening.open() else { return false }
        mostOpen = max(mostOpen, subsystems.count { $0.handle != nil })
        return true
    }

    /// A subsystem the server refused while others work: forget it, cap the pool, and
    /// let its work (which never made a call) be assigned again.
    private func dropRefused(_ work: [any SFTPWork]) -> Bool {
        guard subsystems.contains(where: { $0.handle != nil }) else { return false }
        let refused = subsystems.filter(\.isFailed)
        guard !refused.isEmpty else { return false }
        subsystems.removeAll(where: \.isFailed)
        serverCap = subsystems.count { $0.handle != nil }
        for item in work where refused.contains(where: { $0 === item.subsystem }) {
            item.subsystem = nil
        }
        return true
    }

    /// No work is left: every open subsystem but the first starts closing. One still
    /// opening stays (abandoning `libssh2_sftp_init` halfway would leave its progress in
    /// the session); the next work finishes opening it.
    func closeExtras() {
        guard let kept = subsystems.first(where: { $0.handle != nil }) else { return }
        closing += subsystems.filter { $0 !== kept && $0.handle != nil }
        subsystems.removeAll { $0 !== kept && ($0.handle != nil || $0.isFailed) }
    }

    /// Another try at each closing subsystem; true if one finished.
    func stepClosing() -> Bool {
        let before = closing.count
        closing.removeAll { $0.close() }
        return closing.count != before
    }

    /// One non-blocking try to end every subsystem before the session is freed.
    func shutdown() {
        for subsystem in subsystems + closing { subsystem.shutdown() }
        subsystems.removeAll()
        closing.removeAll()
    }
}
