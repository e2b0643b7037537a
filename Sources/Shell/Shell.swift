// Shell: the interactive shell. The REPL (`InteractiveMode`, `InteractiveSession`) wires
// the pure line language in `Language/` (the parser, the control-command table and its
// help, runtime settings, remote cd/export state, the history secrecy policy) to
// LineEditing and to the broadcasts of `Broadcasting`. It never imports SSHClient: the
// process boundary to the workers is also a module boundary.
