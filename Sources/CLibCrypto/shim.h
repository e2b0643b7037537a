// The corners of OpenSSL's libcrypto that Chorus uses (libssh2 links it already):
// HMAC-SHA1 and random salts for hashed known_hosts names; SHA-256 and base64 (EVP)
// for the Digests module.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
