// What LineEditor needs beyond CEditShim.h: el_get of EL_EDITMODE, a reader that
// handles Ctrl-C and window-size changes, and an atomic history save.
// (module.modulemap lists both headers; CEditShim.h stays the umbrella for the
// el_set/history wrappers.)
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

// Around each el_gets: takes the window's size (it may have changed while no line
// was read), then installs SIGINT, SIGWINCH, SIGTERM and SIGHUP handlers *without*
// SA_RESTART and unblocks them for the calling thread (a process may inherit them blocked). The
// handlers only set sig_atomic_t flags (async-signal-safe); the reader set by
// cedit_set_reader acts on them. cedit_reading_end puts the previous actions and mask
// back. Each returns 0, or -1 with errno set.
int cedit_reading_begin(EditLine *_Nonnull el);
int cedit_reading_end(void);
// 1 if SIGINT arrived since the last call (and clears the flag), else 0.
int cedit_sigint_take(void);
// While reading, SIGTERM and SIGHUP end the read (el_gets returns -1, EINTR) instead
// of being read through: the signal's number if one arrived since the last call (and
// clears it), else 0.
int cedit_terminate_take(void);

// el_set(el, EL_GETCFN, reader): libedit reads characters through Chorus's reader.
// With EL_SIGNAL off (libedit's handlers re-raise signals to the whole process group),
// libedit's own reader gives up on any EINTR and el_gets drops the line being typed.
// This one returns -1 (EINTR) only for Ctrl-C, SIGTERM and SIGHUP; after a window-size change it calls
// el_resize, the same as libedit's own SIGWINCH handling, and reads on; other
// interruptions are read through. Reads stdin, as cedit_init's EditLine does.
int cedit_set_reader(EditLine *_Nonnull el);

// history(h, &ev, H_SAVE_FP, fp) into `temp_path` (created 0600, O_EXCL), fsync, then
// rename over `path`, with SIGHUP and SIGTERM blocked throughout: a hangup or kill can
// never leave a truncated history file (H_SAVE truncates in place). `temp_path` must
// be in the same folder as `path`. Returns 0, or -1 with errno set (temp removed).
int cedit_history_save_atomic(History *_Nonnull h, const char *_Nonnull path,
                              const char *_Nonnull temp_path);

#endif
