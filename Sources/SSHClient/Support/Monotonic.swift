#if canImport(Glibc)
import Glibc
#endif
import CLibSSH2

/// Seconds on the monotonic clock: deadlines never jump with the wall clock.
public enum Monotonic {
    public static func now() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
