import Glibc
import Posix

/// A pipe for the tests, both ends close-on-exec (as WorkerProcess makes them).
struct TestPipe {
    struct Failure: Error { let code: Int32 }

    let read: Int32
    let write: Int32

    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw Failure(code: errno) }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        (read, write) = (ends[0], ends[1])
    }

    func closeBoth() {
        close(read)
        close(write)
    }

    /// Everything until end of stream (bounded by `limit` bytes).
    static func readAll(_ descriptor: Int32, limit: Int = 64 << 20) -> [UInt8] {
        var all: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while all.count < limit {
            let count = retryingOnInterrupt { Glibc.read(descriptor, &buffer, buffer.count) }
            guard count > 0 else { break }
            all += buffer[..<count]
        }
        return all
    }

    /// Open descriptors of this process (entries of /proc/self/fd).
    static func openDescriptorCount() -> Int {
        guard let folder = opendir("/proc/self/fd") else { return -1 }
        defer { closedir(folder) }
        var count = 0
        while readdir(folder) != nil { count += 1 }
        return count
    }
}
