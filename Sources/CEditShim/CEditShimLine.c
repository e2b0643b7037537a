#include "CEditShimLine.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

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
static struct sigaction previous_sigint;
static sigset_t previous_mask;

static void on_sigint(int signo) {
    (void)signo;
    sigint_seen = 1;
}

int cedit_sigint_begin(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: el_gets must see EINTR
    sigint_seen = 0;
    if (sigaction(SIGINT, &action, &previous_sigint) != 0) return -1;
    // A process may inherit SIGINT blocked (threads of a thread pool block signals,
    // and children inherit the mask); then Ctrl-C would never reach el_gets.
    sigset_t unblock;
    sigemptyset(&unblock);
    sigaddset(&unblock, SIGINT);
    return pthread_sigmask(SIG_UNBLOCK, &unblock, &previous_mask) == 0 ? 0 : -1;
}

int cedit_sigint_end(void) {
    pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
    return sigaction(SIGINT, &previous_sigint, NULL);
}

int cedit_sigint_take(void) {
    int seen = sigint_seen;
    sigint_seen = 0;
    return seen;
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
