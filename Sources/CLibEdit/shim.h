// libedit as one Swift module. Always the editline/ path: GNU readline's headers
// may be installed too, and the two must never meet in one binary.
#include <stdio.h>
#include <histedit.h>
#include <editline/readline.h>
