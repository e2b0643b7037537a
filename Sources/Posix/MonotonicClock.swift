#if canImport(Glibc)
import Glibc
#endif

/// Seconds on the monotonic clock, for deadlines, timeouts and wall times on both
/// sides of the worker pipe: it never jumps with the wall clock.
public enum MonotonicClock {
    /// The corresponding C function is `clock_gettime(CLOCK_MONOTONIC)`.
    public static var now: Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
