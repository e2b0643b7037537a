// Shell: the interactive loop's pure parts — the command language (`ShellParser`), the
// control-command table and its help, runtime settings, remote session state (cd/export
// without prompt scraping) and the history secrecy policy. The REPL that wires these to
// LineEditing and JobDispatch lives beside them.
