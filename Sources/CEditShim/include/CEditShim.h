// Non-variadic wrappers over libedit, which Swift cannot call directly:
// el_set, el_get and history are variadic, and libedit has no va_list forms.
// One wrapper per option Chorus uses; add more the same way.
#ifndef CEDITSHIM_H
#define CEDITSHIM_H

#include <histedit.h>

typedef char *_Nullable (*cedit_prompt_fn)(EditLine *_Nonnull);
typedef unsigned char (*cedit_key_fn)(EditLine *_Nonnull, int);

// el_set(el, EL_PROMPT_ESC, fn, '\1'): a prompt callback; '\1' brackets
// invisible sequences (colours) so the cursor column stays right.
int cedit_set_prompt(EditLine *_Nonnull el, cedit_prompt_fn _Nonnull fn);
// el_set(el, EL_EDITOR, "emacs" or "vi").
int cedit_set_editor(EditLine *_Nonnull el, const char *_Nonnull mode);
// el_set(el, EL_HIST, history, hist).
int cedit_set_history(EditLine *_Nonnull el, History *_Nonnull hist);
// el_set(el, EL_SIGNAL, on): libedit restores the terminal on fatal signals.
int cedit_set_signal(EditLine *_Nonnull el, int on);
// el_set(el, EL_ADDFN, name, help, fn).
int cedit_add_function(EditLine *_Nonnull el, const char *_Nonnull name,
                       const char *_Nonnull help, cedit_key_fn _Nonnull fn);
// el_set(el, EL_BIND, key, name, NULL).
int cedit_bind(EditLine *_Nonnull el, const char *_Nonnull key, const char *_Nonnull name);
// el_set(el, EL_CLIENTDATA, data) / el_get(el, EL_CLIENTDATA, &data).
int cedit_set_client_data(EditLine *_Nonnull el, void *_Nullable data);
void *_Nullable cedit_client_data(EditLine *_Nonnull el);

// history(h, &ev, H_SETSIZE, n).
int cedit_history_set_size(History *_Nonnull h, int size);
// history(h, &ev, H_SETUNIQUE, on): drop a line equal to the one before it.
int cedit_history_set_unique(History *_Nonnull h, int on);
// history(h, &ev, H_ENTER, line).
int cedit_history_enter(History *_Nonnull h, const char *_Nonnull line);
// history(h, &ev, H_LOAD, path) / history(h, &ev, H_SAVE, path).
int cedit_history_load(History *_Nonnull h, const char *_Nonnull path);
int cedit_history_save(History *_Nonnull h, const char *_Nonnull path);
// history(h, &ev, H_GETSIZE): number of entries.
int cedit_history_size(History *_Nonnull h);

#endif
