#if canImport(Glibc)
import Glibc
#endif

/// Why `spawn` could not start a process: the `errno` and the program.
public struct SpawnError: Error, Equatable {
    public let code: Int32
    public let program: String

    /// `cannot start PROGRAM: REASON`.
    public var message: String { "cannot start \(program): \(errnoText(code))" }
}

/// Starts `argv[0]` (a path: no `PATH` search) with `argv`, without waiting for it.
///
/// `stdin`, `stdout` and `stderr` are the parent's descriptors to give the child as 0,
/// 1 and 2 (the dup2 clears close-on-exec there); nil leaves the parent's own.
/// `newProcessGroup` puts the child in a group of its own (its pgid is its pid), so a
/// terminal's ^C reaches only the parent; `newSession` puts it in a session of its own
/// (no controlling terminal: a daemon, such as the session mux). `environment` ("NAME=value") replaces the
/// parent's when given. Signal mask and dispositions are inherited as posix_spawn does.
/// Everything allocated here is freed on every path; a missing program throws and
/// leaves no child and no descriptor behind.
/// The corresponding C functions are `posix_spawn`, `posix_spawn_file_actions_adddup2`
/// and `posix_spawnattr_setpgroup` (POSIX_SPAWN_SETPGROUP, POSIX_SPAWN_SETSID).
public func spawn(_ argv: [String], environment: [String]? = nil, stdin: Int32? = nil, stdout: Int32? = nil,
                  stderr: Int32? = nil, newProcessGroup: Bool = false, newSession: Bool = false) throws(SpawnError) -> pid_t {
    precondition(!argv.isEmpty, "spawn needs a program")
    var actions = posix_spawn_file_actions_t()
    guard posix_spawn_file_actions_init(&actions) == 0 else { throw SpawnError(code: ENOMEM, program: argv[0]) }
    defer { posix_spawn_file_actions_destroy(&actions) }
    for (parent, child) in [(stdin, Int32(0)), (stdout, 1), (stderr, 2)] {
        guard let parent else { continue }
        let rc = posix_spawn_file_actions_adddup2(&actions, parent, child)
        guard rc == 0 else { throw SpawnError(code: rc, program: argv[0]) }
    }
    var attributes = posix_spawnattr_t()
    guard posix_spawnattr_init(&attributes) == 0 else { throw SpawnError(code: ENOMEM, program: argv[0]) }
    defer { posix_spawnattr_destroy(&attributes) }
    if newSession {
        posix_spawnattr_setflags(&attributes, spawnSetSessionFlag)
    } else if newProcessGroup {
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
    }
    return try spawn(argv, environment: environment, actions: &actions, attributes: &attributes)
}

/// The call itself, with C copies of the argument and environment strings.
private func spawn(_ argv: [String], environment: [String]?, actions: inout posix_spawn_file_actions_t,
                   attributes: inout posix_spawnattr_t) throws(SpawnError) -> pid_t {
    let arguments = argv.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    let variables = environment.map { $0.map { strdup($0) } + [nil] }
    defer { variables?.forEach { free($0) } }
    var pid: pid_t = 0
    var rc: Int32 = 0
    // ETXTBSY: the program is open for writing somewhere, typically for an instant (a
    // wrapper script just written, whose descriptor a process forked meanwhile holds
    // until its own exec; a binary being replaced). Tried again a few times, 10 ms apart.
    for attempt in 0..<5 {
        if attempt > 0 { usleep(10_000) }
        rc = if let variables {
            posix_spawn(&pid, argv[0], &actions, &attributes, arguments, variables)
        } else {
            posix_spawn(&pid, argv[0], &actions, &attributes, arguments, environ)
        }
        if rc != ETXTBSY { break }
    }
    guard rc == 0 else { throw SpawnError(code: rc, program: argv[0]) }
    return pid
}

/// glibc's POSIX_SPAWN_SETSID (spawn.h, since 2.26), which Swift does not import: the
/// header defines it only for _GNU_SOURCE.
private let spawnSetSessionFlag: Int16 = 0x80
