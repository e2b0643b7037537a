// LineEditing: the only importer of libedit (through CEditShim) — prompt, history
// and completion hooks for the interactive shell. `LineEditor` is the one type the
// shell uses; `CompletionPlan` is its pure Tab logic.
