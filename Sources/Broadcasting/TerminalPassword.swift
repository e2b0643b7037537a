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
/// gives up. Typed bytes go straight into the `Secret`; the buffer is zeroed after.
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
    private static func readKeys(_ fd: Int32) -> Answer {
        var typed: [UInt8] = []
        typed.reserveCapacity(64)
        defer { typed.withUnsafeMutableBytes { $0.initializeMemory(as: UInt8.self, repeating: 0) } }
        var key: UInt8 = 0
        for _ in 0..<(1 << 20) {  // bounded: a terminal sending a megabyte without Enter is gone mad
            let count = retryingOnInterrupt { read(fd, &key, 1) }
            guard count == 1 else { return .none }
            switch key {
            case 0x0D, 0x0A: return typed.isEmpty ? .none : .typed(Secret(String(decoding: typed, as: UTF8.self)))
            case 0x03: return .interrupted
            case 0x04 where typed.isEmpty: return .none
            case 0x7F, 0x08: eraseLastCharacter(&typed)
            case 0x15: typed.removeAll(keepingCapacity: true)
            case 0x00..<0x20 where key != 0x09: continue  // other controls (^Z, escapes) are ignored
            default: if typed.count < limit { typed.append(key) }
            }
        }
        return .none
    }

    /// Drops the last UTF-8 character: its continuation bytes, then its lead byte.
    private static func eraseLastCharacter(_ typed: inout [UInt8]) {
        while let last = typed.last, last & 0xC0 == 0x80 { typed.removeLast() }
        if !typed.isEmpty { typed.removeLast() }
    }
}
