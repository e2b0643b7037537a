#if canImport(Glibc)
import Glibc
#endif
import Posix
import Secrets

/// Reads a password from the controlling terminal (`/dev/tty`, as ssh and sudo do:
/// standard input may be a pipe), with echo off.
///
/// The terminal is put in non-canonical mode with echo *and* signals off, and the
/// keys are read one by one: ^C is then a byte, not SIGINT, so the process is never
/// killed while echo is off, and the saved settings are restored on every path (the
/// `defer`). Backspace and ^U edit; Enter ends; ^C interrupts; ^D on an empty line
/// gives up. Typed bytes go straight into the `Secret`; their buffer is zeroed after.
package enum TerminalPassword {
    package enum Answer {
        case typed(Secret)
        /// ^D, or Enter on an empty line.
        case none
        /// ^C.
        case interrupted
        /// No controlling terminal (a cron job, `setsid`, CI).
        case noTerminal
    }

    /// Longest answer kept; more is ignored (a password is not a paste of a file).
    static let limit = 4096

    package static func ask(_ prompt: String) -> Answer {
        let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { return .noTerminal }
        defer { close(fd) }
        var saved = termios()
        guard tcgetattr(fd, &saved) == 0 else { return .noTerminal }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &quiet.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        _ = writeAll(Array(prompt.utf8), to: fd)
        guard tcsetattr(fd, TCSAFLUSH, &quiet) == 0 else { return .noTerminal }
        defer {
            _ = tcsetattr(fd, TCSAFLUSH, &saved)
            _ = writeAll(Array("\n".utf8), to: fd)  // the Enter was not echoed
        }
        return readKeys(fd)
    }

    /// One key at a time until Enter, ^C, ^D on an empty line, or the terminal going away.
    /// The keys go into a fixed buffer that is zeroed before it is freed.
    private static func readKeys(_ fd: Int32) -> Answer {
        let start = UnsafeMutablePointer<UInt8>.allocate(capacity: limit)
        start.initialize(repeating: 0, count: limit)
        defer {
            explicit_bzero(start, limit)  // not elided as a dead store before the free
            start.deallocate()
        }
        let buffer = UnsafeMutableBufferPointer(start: start, count: limit)
        var count = 0
        var key: UInt8 = 0
        for _ in 0..<(1 << 20) {  // bounded: a terminal sending a megabyte without Enter is gone mad
            guard retryingOnInterrupt({ read(fd, &key, 1) }) == 1 else { return .none }
            switch key {
            case 0x0D, 0x0A:
                return count == 0 ? .none : .typed(Secret(String(decoding: buffer[..<count], as: UTF8.self)))
            case 0x03: return .interrupted
            case 0x04 where count == 0: return .none
            case 0x7F, 0x08: count = lengthWithoutLastCharacter(buffer, count)
            case 0x15: count = 0
            case 0x00..<0x20 where key != 0x09: continue  // other controls (^Z, escapes) are ignored
            default:
                if count < limit {
                    buffer[count] = key
                    count += 1
                }
            }
        }
        return .none
    }

    /// The length without the last UTF-8 character: its continuation bytes, then its lead byte.
    private static func lengthWithoutLastCharacter(_ buffer: UnsafeMutableBufferPointer<UInt8>, _ count: Int) -> Int {
        var length = count
        while length > 0, buffer[length - 1] & 0xC0 == 0x80 { length -= 1 }
        return max(0, length - 1)
    }
}
