#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2
import Posix

/// Seconds on the monotonic clock: deadlines never jump with the wall clock. The one
/// clock is Posix's `MonotonicClock`; this name stays for the SSH side's callers.
public enum Monotonic {
    public static func now() -> Double { MonotonicClock.now }
}
