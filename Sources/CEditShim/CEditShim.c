#include "CEditShim.h"

int cedit_set_prompt(EditLine *el, cedit_prompt_fn fn) {
    return el_set(el, EL_PROMPT_ESC, fn, '\1');
}

int cedit_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

int cedit_set_history(EditLine *el, History *hist) {
    return el_set(el, EL_HIST, history, hist);
}

int cedit_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

int cedit_add_function(EditLine *el, const char *name, const char *help, cedit_key_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}

int cedit_bind(EditLine *el, const char *key, const char *name) {
    return el_set(el, EL_BIND, key, name, (const char *)0);
}

int cedit_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

void *cedit_client_data(EditLine *el) {
    void *data = 0;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

int cedit_history_set_size(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}

int cedit_history_set_unique(History *h, int on) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, on);
}

int cedit_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}

int cedit_history_load(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_LOAD, path);
}

int cedit_history_save(History *h, const char *path) {
    HistEvent ev;
    return history(h, &ev, H_SAVE, path);
}

int cedit_history_size(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) < 0) return -1;
    return ev.num;
}
