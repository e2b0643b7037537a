#include "CEditShimLine.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

EditLine *cedit_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

void cedit_write_stdout(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

int cedit_edit_mode(EditLine *el) {
    int on = 0;
    if (el_get(el, EL_EDITMODE, &on) != 0) return 0;
    return on;
}

static volatile sig_atomic_t sigint_seen = 0;
static volatile sig_atomic_t sigwinch_seen = 0;
static volatile sig_atomic_t terminate_seen = 0;
static struct sigaction previous_sigint;
static struct sigaction previous_sigterm;
static struct sigaction previous_sighup;
static struct sigaction previous_sigwinch;
static sigset_t previous_mask;

static void on_sigint(int signo) {
    (void)signo;
    sigint_seen = 1;
}

static void on_terminate(int signo) {
    terminate_seen = signo;
}

static void on_sigwinch(int signo) {
    (void)signo;
    sigwinch_seen = 1;
}

// Both handlers go in without SA_RESTART, so the blocking read in read_char sees EINTR.
static int install(int signo, void (*handler)(int), struct sigaction *previous) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(signo, &action, previous);
}

int cedit_reading_begin(EditLine *el) {
    sigint_seen = 0;
    sigwinch_seen = 0;
    terminate_seen = 0;
    el_resize(el);  // the window may have changed size while no line was being read
    if (install(SIGINT, on_sigint, &previous_sigint) != 0) return -1;
    if (install(SIGWINCH, on_sigwinch, &previous_sigwinch) != 0) return -1;
    if (install(SIGTERM, on_terminate, &previous_sigterm) != 0) return -1;
    if (install(SIGHUP, on_terminate, &previous_sighup) != 0) return -1;
    // A process may inherit signals blocked (threads of a thread pool block signals,
    // and children inherit the mask); then Ctrl-C would never reach el_gets.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    sigaddset(&unblock, SIGWINCH);
    sigaddset(&unblock, SIGTERM);
    sigaddset(&unblock, SIGHUP);
    return pthread_sigmask(SIG_UNBLOCK, &unblock, &previous_mask) == 0 ? 0 : -1;
}

int cedit_reading_end(void) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
    int winch = sigaction(SIGWINCH, &previous_sigwinch, NULL);
    int sigint = sigaction(SIGINT, &previous_sigint, NULL);
    int term = sigaction(SIGTERM, &previous_sigterm, NULL);
    int hup = sigaction(SIGHUP, &previous_sighup, NULL);
    return winch == 0 && sigint == 0 && term == 0 && hup == 0 ? 0 : -1;
}

int cedit_terminate_take(void) {
    int seen = terminate_seen;
    terminate_seen = 0;
    return seen;
}

int cedit_sigint_take(void) {
    int seen = sigint_seen;
    sigint_seen = 0;
    return seen;
}

// One character from the terminal, decoded as libedit's built-in reader does: an
// invalid byte is dropped; an invalid sequence keeps only its last byte, which may
// start the next character. Returns 1, 0 at end of input, or -1 with errno set.
static int read_char(EditLine *el, wchar_t *out) {
    char bytes[MB_LEN_MAX];
    size_t count = 0;
    int unblocked = 0;
    for (;;) {
        ssize_t n = read(STDIN_FILENO, &bytes[count], 1);  // el_init was given stdin
        if (n == 0) return 0;
        if (n < 0) {
            if (errno == EINTR && (sigint_seen || terminate_seen)) return -1;  // el_gets drops the line
            if (errno == EINTR) {
                if (sigwinch_seen) {
                    sigwinch_seen = 0;
                    el_resize(el);  // what libedit's own SIGWINCH handling does
                }
                continue;
            }
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && !unblocked) {
                int flags = fcntl(STDIN_FILENO, F_GETFL);
                if (flags != -1 && fcntl(STDIN_FILENO, F_SETFL, flags & ~O_NONBLOCK) != -1) {
                    unblocked = 1;
                    continue;
                }
            }
            return -1;
        }
        count++;
        for (;;) {  // decode what has been read
            mbstate_t state;
            memset(&state, 0, sizeof state);
            size_t used = mbrtowc(out, bytes, count, &state);
            if (used == (size_t)-2) {  // an incomplete character: read on
                if (count < sizeof bytes) break;
                errno = EILSEQ;
                return -1;
            }
            if (used != (size_t)-1) return 1;
            if (count == 1) {  // an invalid byte: dropped
                count = 0;
                break;
            }
            bytes[0] = bytes[count - 1];  // an invalid sequence: its last byte may start a character
            count = 1;
        }
    }
}

int cedit_set_reader(EditLine *el) {
    return el_set(el, EL_GETCFN, read_char);
}

// Writes the history to an open descriptor and flushes it to disk.
static int save_to_fd(History *h, int fd) {
    FILE *fp = fdopen(fd, "w");
    if (fp == NULL) { close(fd); return -1; }
    HistEvent ev;
    int saved = history(h, &ev, H_SAVE_FP, fp);
    int ok = saved >= 0 && fflush(fp) == 0 && fsync(fd) == 0;
    int saved_errno = errno;
    if (fclose(fp) != 0) ok = 0;
    if (!ok) { errno = saved_errno ? saved_errno : EIO; return -1; }
    return 0;
}

int cedit_history_save_atomic(History *h, const char *path, const char *temp_path) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGHUP);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    unlink(temp_path);  // a leftover from a process that died mid-save
    int result = -1;
    int fd = open(temp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0 && save_to_fd(h, fd) == 0 && rename(temp_path, path) == 0) result = 0;
    int saved_errno = errno;
    if (result != 0) unlink(temp_path);
    sigprocmask(SIG_SETMASK, &old, NULL);
    errno = saved_errno;
    return result;
}
