// What LineEditor needs beyond CEditShim.h: el_get of EL_EDITMODE, a SIGINT handler
// that interrupts el_gets, and an atomic history save. (module.modulemap lists both
// headers; CEditShim.h stays the umbrella for the el_set/history wrappers.)
#ifndef CEDITSHIMLINE_H
#define CEDITSHIMLINE_H

#include <histedit.h>

// el_init(program, stdin, stdout, stderr): the standard streams are C globals that
// Swift 6 will not touch from nonisolated code, so they are named here.
EditLine *_Nullable cedit_init(const char *_Nonnull program);

// Writes text to stdout and flushes it (the same FILE libedit draws on, so the two
// never reorder).
void cedit_write_stdout(const char *_Nonnull text);

// el_get(el, EL_EDITMODE, &on): 1 when libedit edits lines (stdin is a terminal),
// 0 when it reads them plainly.
int cedit_edit_mode(EditLine *_Nonnull el);

// Installs a SIGINT handler *without* SA_RESTART, so a Ctrl-C makes el_gets return
// NULL with errno EINTR (libedit then drops the partial line). The handler only sets
// a sig_atomic_t flag (async-signal-safe). SIGINT is also unblocked for the calling
// thread, in case the process inherited it blocked. The previous action and mask are
// saved; call cedit_sigint_end to put them back. Returns 0, or -1 with errno set.
int cedit_sigint_begin(void);
int cedit_sigint_end(void);
// 1 if SIGINT arrived since the last call (and clears the flag), else 0.
int cedit_sigint_take(void);

// history(h, &ev, H_SAVE_FP, fp) into `temp_path` (created 0600, O_EXCL), fsync, then
// rename over `path`, with SIGHUP and SIGTERM blocked throughout: a hangup or kill can
// never leave a truncated history file (H_SAVE truncates in place). `temp_path` must
// be in the same folder as `path`. Returns 0, or -1 with errno set (temp removed).
int cedit_history_save_atomic(History *_Nonnull h, const char *_Nonnull path,
                              const char *_Nonnull temp_path);

#endif
