// LineEditing: the only importer of libedit (through CEditShim) — prompt, history
// and completion hooks for the interactive shell.
