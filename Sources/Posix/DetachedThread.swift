#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a new thread that nobody joins: a blocking read, a name lookup.
/// Returns false (and runs nothing) when the system cannot start a thread.
///
/// Why not Foundation's `Thread`: this is all the workers need of Foundation, and
/// without it no process of chorus loads Foundation's libraries (about 4 MB of memory
/// and 3 ms of start-up each, in the shell and in every worker).
/// The corresponding C functions are `pthread_create` and `pthread_detach`.
@discardableResult
public func detachThread(_ body: @escaping @Sendable () -> Void) -> Bool {
    let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
    var thread = pthread_t()
    let started = pthread_create(&thread, nil, { argument in
        guard let argument else { return nil }
        Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue().body()
        return nil
    }, box)
    guard started == 0 else {
        Unmanaged<ThreadBody>.fromOpaque(box).release()
        return false
    }
    pthread_detach(thread)
    return true
}

private final class ThreadBody {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
