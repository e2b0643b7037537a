// libssh2 as one Swift module. Swift cannot see libssh2's function-like macros
// (libssh2_session_init, libssh2_channel_exec, ...): call their `_ex` forms.
#include <libssh2.h>
#include <libssh2_sftp.h>
#include <libssh2_publickey.h>
