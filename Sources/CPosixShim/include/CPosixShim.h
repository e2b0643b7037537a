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

// Keeps a crash from writing this process's memory anywhere: no core file
// (RLIMIT_CORE 0), not dumpable (PR_SET_DUMPABLE 0: no core, no ptrace attach by
// other users, /proc/PID/mem closed to them), and the crash signals back to their
// default action, which removes the Swift runtime's backtracer (it prints memory
// near the registers, where a password being typed or sent may sit). Returns 0, or
// -1 with errno set by the first call that failed (the others are still made).
int cposix_refuse_memory_dumps(void);

// Frees the disk blocks of `length` bytes at `offset` in `fd`, keeping the file's size
// (fallocate with FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE; Swift does not see
// fallocate, which glibc declares only for _GNU_SOURCE). Returns 0, or -1 with errno.
int cposix_punch_hole(int fd, long long offset, long long length);

// Sends `length` bytes and `count` descriptors (SCM_RIGHTS) in one sendmsg on a Unix
// socket, retrying EINTR (the control-message macros are C macros Swift cannot call).
// Returns the bytes sent, or -1 with errno set. At most 250 descriptors.
long cposix_send_descriptors(int socket, const void *bytes, unsigned long length, const int *fds, int count);

// Receives up to `capacity` bytes and up to `capacity_fds` descriptors (close-on-exec,
// MSG_CMSG_CLOEXEC) in one recvmsg, retrying EINTR; `*received_fds` gets how many came.
// Descriptors beyond `capacity_fds`, or a truncated control message, are closed and
// the call fails with EMSGSIZE. Returns the bytes received (0 at end of stream), or -1.
long cposix_receive_descriptors(int socket, void *bytes, unsigned long capacity, int *fds, int capacity_fds,
                                int *received_fds);

// The user id of the process at the other end of a connected Unix socket
// (SO_PEERCRED: the credentials it had when it connected). Returns 0, or -1 with errno.
int cposix_peer_uid(int socket, unsigned int *uid);

// Asks for a pipe buffer of `bytes` (fcntl F_SETPIPE_SZ, a Linux _GNU_SOURCE constant
// Swift does not see). Returns the size granted, or -1 with errno (EPERM past
// /proc/sys/fs/pipe-max-size or the user's pipe quota; the pipe keeps its size).
int cposix_set_pipe_size(int fd, int bytes);
#endif
