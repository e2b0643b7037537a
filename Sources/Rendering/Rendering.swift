// Rendering: live, gathered and JSON output and the end-of-command summary, as pure
// functions of worker events. A single sink owns the terminal.
