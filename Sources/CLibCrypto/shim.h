// The two corners of OpenSSL's libcrypto that known_hosts needs (libssh2 links it
// already): HMAC-SHA1 for hashed host names, and random salts for new ones.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
