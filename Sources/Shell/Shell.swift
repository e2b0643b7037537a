// Shell: the interactive loop — selection, control commands, broadcast, completion,
// scripts and the results kept for `@last:` patterns.
