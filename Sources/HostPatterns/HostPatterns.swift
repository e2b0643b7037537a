// HostPatterns: ClusterShell NodeSet-style host patterns — ranges (`web[01-10]`),
// groups (`@web`), globs, set operators (`,` `!` `&` `^`) and folding back to the
// shortest form. Pure code: no I/O, no knowledge of SSH or of the inventory files.
