#define _GNU_SOURCE
#include "CPosixShim.h"

#include <fcntl.h>

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_SIGNAL 65
static volatile sig_atomic_t pipe_for_signal[MAX_SIGNAL];

static void write_signal_byte(int signo) {
    int saved = errno;
    if (signo > 0 && signo < MAX_SIGNAL && pipe_for_signal[signo] > 0) {
        unsigned char byte = (unsigned char)signo;
        ssize_t ignored = write(pipe_for_signal[signo], &byte, 1);
        (void)ignored;
    }
    errno = saved;
}

int cposix_signal_to_pipe(int signo, int fd) {
    if (signo <= 0 || signo >= MAX_SIGNAL) { errno = EINVAL; return -1; }
    pipe_for_signal[signo] = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = write_signal_byte;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    if (sigaction(signo, &action, 0) != 0) return -1;
    // A parent may have started us with the signal blocked (the mask survives exec);
    // a handler that never runs would make ^C do nothing.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, signo);
    return sigprocmask(SIG_UNBLOCK, &set, 0);
}

void cposix_route_signal(int signo, int fd) {
    if (signo > 0 && signo < MAX_SIGNAL) pipe_for_signal[signo] = fd < 0 ? 0 : fd;
}

void cposix_post_signal(int signo) {
    write_signal_byte(signo);
}

int cposix_signal_default(int signo) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    return sigaction(signo, &action, 0);
}

#include <sys/ioctl.h>

int cposix_terminal_width(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return 0;
    return size.ws_col;
}

int cposix_refuse_memory_dumps(void) {
    int result = 0, first_errno = 0;
    struct rlimit none = { 0, 0 };
    if (setrlimit(RLIMIT_CORE, &none) != 0 && result == 0) { result = -1; first_errno = errno; }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 && result == 0) { result = -1; first_errno = errno; }
    static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS };
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++) {
        if (signal(crash_signals[i], SIG_DFL) == SIG_ERR && result == 0) { result = -1; first_errno = errno; }
    }
    if (result != 0) errno = first_errno;
    return result;
}

int cposix_punch_hole(int fd, long long offset, long long length) {
    return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)offset, (off_t)length);
}

#include <sys/socket.h>
#include <sys/uio.h>

enum { cposix_max_descriptors = 250 };

long cposix_send_descriptors(int socket, const void *bytes, unsigned long length, const int *fds, int count) {
    if (count < 0 || count > cposix_max_descriptors) {
        errno = EINVAL;
        return -1;
    }
    struct iovec part = {.iov_base = (void *)bytes, .iov_len = length};
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * cposix_max_descriptors)];
        struct cmsghdr align;
    } control;
    if (count > 0) {
        memset(&control, 0, sizeof control);
        message.msg_control = control.buffer;
        message.msg_controllen = CMSG_SPACE(sizeof(int) * count);
        struct cmsghdr *header = CMSG_FIRSTHDR(&message);
        header->cmsg_level = SOL_SOCKET;
        header->cmsg_type = SCM_RIGHTS;
        header->cmsg_len = CMSG_LEN(sizeof(int) * count);
        memcpy(CMSG_DATA(header), fds, sizeof(int) * count);
    }
    long sent;
    do {
        sent = sendmsg(socket, &message, MSG_NOSIGNAL);
    } while (sent < 0 && errno == EINTR);
    return sent;
}

/// Closes every descriptor a control message carried (when they cannot all be kept).
static void cposix_close_carried(struct msghdr *message) {
    for (struct cmsghdr *header = CMSG_FIRSTHDR(message); header; header = CMSG_NXTHDR(message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        int carried = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        int *data = (int *)CMSG_DATA(header);
        for (int index = 0; index < carried; index++) close(data[index]);
    }
}

long cposix_receive_descriptors(int socket, void *bytes, unsigned long capacity, int *fds, int capacity_fds,
                                int *received_fds) {
    *received_fds = 0;
    struct iovec part = {.iov_base = bytes, .iov_len = capacity};
    union {
        char buffer[CMSG_SPACE(sizeof(int) * cposix_max_descriptors)];
        struct cmsghdr align;
    } control;
    struct msghdr message = {.msg_iov = &part, .msg_iovlen = 1, .msg_control = control.buffer,
                             .msg_controllen = sizeof control.buffer};
    long got;
    do {
        got = recvmsg(socket, &message, MSG_CMSG_CLOEXEC);
    } while (got < 0 && errno == EINTR);
    if (got < 0) return -1;
    int total = 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_RIGHTS)
            total += (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
    }
    if ((message.msg_flags & MSG_CTRUNC) || total > capacity_fds) {
        cposix_close_carried(&message);
        errno = EMSGSIZE;
        return -1;
    }
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_RIGHTS) continue;
        int carried = (int)((header->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        memcpy(fds + *received_fds, CMSG_DATA(header), sizeof(int) * carried);
        *received_fds += carried;
    }
    return got;
}

int cposix_peer_uid(int socket, unsigned int *uid) {
    struct ucred credentials;
    socklen_t size = sizeof credentials;
    if (getsockopt(socket, SOL_SOCKET, SO_PEERCRED, &credentials, &size) != 0) return -1;
    *uid = credentials.uid;
    return 0;
}

int cposix_set_pipe_size(int fd, int bytes) {
#ifdef F_SETPIPE_SZ
    return fcntl(fd, F_SETPIPE_SZ, bytes);
#else
    (void)fd; (void)bytes;
    errno = ENOSYS;
    return -1;
#endif
}
