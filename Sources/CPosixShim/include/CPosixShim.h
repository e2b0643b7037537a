// Small POSIX helpers Swift cannot express safely: a truly async-signal-safe handler.
#ifndef CPOSIXSHIM_H
#define CPOSIXSHIM_H

// Installs a handler for `signo` that writes the signal number as one byte to
// `fd` (a non-blocking pipe) and does nothing else. Installed without SA_RESTART,
// so a blocking poll/read returns EINTR at once, and unblocks `signo` in case the
// process inherited it blocked. Returns 0, or -1 with errno set.
int cposix_signal_to_pipe(int signo, int fd);

// Routes `signo` to `fd` for cposix_post_signal only (no handler is installed); -1
// ends the routing. For conditions found by a failed call rather than delivered:
// EPIPE on standard output, with SIGPIPE ignored, is posted as SIGPIPE.
void cposix_route_signal(int signo, int fd);

// Writes `signo` as one byte to the descriptor routed or handled for it, as the
// handler would; does nothing when there is none. Async-signal-safe.
void cposix_post_signal(int signo);

// Restores the default action for `signo`.
int cposix_signal_default(int signo);

// Columns of the terminal on `fd` (TIOCGWINSZ; ioctl is variadic, so Swift cannot
// call it), or 0 when `fd` is not a terminal.
int cposix_terminal_width(int fd);
#endif
