// Small POSIX helpers Swift cannot express safely: a truly async-signal-safe handler.
#ifndef CPOSIXSHIM_H
#define CPOSIXSHIM_H

// Installs a handler for `signo` that writes the signal number as one byte to
// `fd` (a non-blocking pipe) and does nothing else. Installed without SA_RESTART,
// so a blocking poll/read returns EINTR at once, and unblocks `signo` in case the
// process inherited it blocked. Returns 0, or -1 with errno set.
int cposix_signal_to_pipe(int signo, int fd);

// Restores the default action for `signo`.
int cposix_signal_default(int signo);

// Columns of the terminal on `fd` (TIOCGWINSZ; ioctl is variadic, so Swift cannot
// call it), or 0 when `fd` is not a terminal.
int cposix_terminal_width(int fd);
#endif
