#if canImport(Glibc)
import Glibc
#endif

/// While hosts run, keys typed on the terminal are not echoed: no command gets them, and
/// echoed they would land in the middle of the progress line. They stay queued (not
/// flushed), so what was typed ahead appears at the next prompt. Ctrl-C still signals.
struct QuietKeys {
    private let saved: termios?

    init() {
        var settings = termios()
        guard isatty(STDIN_FILENO) == 1, tcgetattr(STDIN_FILENO, &settings) == 0 else {
            saved = nil
            return
        }
        saved = settings
        settings.c_lflag &= ~tcflag_t(ECHO)
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }

    func restore() {
        guard var settings = saved else { return }
        _ = tcsetattr(STDIN_FILENO, TCSANOW, &settings)
    }
}
