#if canImport(Glibc)
import Glibc
#endif

/// Calls `body` (one system call that returns -1 and sets `errno` on failure) again
/// while it fails with EINTR: a signal arrived before the call could do anything, so
/// trying again is what the caller wants. Other failures return at once, `errno`
/// intact, so callers still treat EAGAIN, EPIPE and the rest in their own way.
///
/// `attempts` bounds the calls (unbounded by default: each retry needs a signal to
/// have been delivered, so a run of retries cannot spin on its own); past it the
/// EINTR failure is returned like any other.
/// The corresponding C behaviour is the `while (f() == -1 && errno == EINTR);` idiom.
public func retryingOnInterrupt<Result: BinaryInteger>(attempts: Int = .max, _ body: () -> Result) -> Result {
    var result = body()
    var made = 1
    while result == -1, errno == EINTR, made < attempts {
        result = body()
        made += 1
    }
    return result
}
