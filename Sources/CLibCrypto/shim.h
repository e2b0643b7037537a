// The corners of OpenSSL's libcrypto that Chorus uses (libssh2 links it already):
// HMAC-SHA1 and random salts for hashed known_hosts names; SHA-256 and base64 (EVP)
// for the Digests module; RSA keys (PEM reading, building from OpenSSH key fields)
// and RSA/SHA-2 signatures for SSHClient's rsa-sha2 user authentication; Ed25519
// signatures for the Ed25519 keys it reads.
//
// SHA-1's own functions (SHA1_Init…) are deprecated in OpenSSL 3 in favour of EVP, but
// they are what lets an HMAC key be prepared once and its state copied as a plain
// struct (see chorus_hmac_sha1_prepare); nothing else here uses a deprecated call.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/param_build.h>
#include <openssl/core_names.h>
#include <openssl/sha.h>
#include <string.h>

// EVP_PKEY_KEYPAIR is a macro built from other macros, which Swift does not import.
static const int chorus_evp_pkey_keypair = EVP_PKEY_KEYPAIR;

// HMAC-SHA1 (RFC 2104) with its key prepared once. A hashed known_hosts name,
// HMAC-SHA1(salt, name), must be computed for every hashed line and every host looked
// up; HMAC() sets the key up again each time through the EVP layer (about 3 us here).
// Prepared, the two padded key blocks are hashed once per line, and each host costs
// two SHA-1 finishes on copies of those states.
typedef struct {
    SHA_CTX inner;
    SHA_CTX outer;
} chorus_hmac_sha1_key;

static inline int chorus_hmac_sha1_prepare(chorus_hmac_sha1_key *key, const unsigned char *secret, size_t length) {
    unsigned char block[SHA_CBLOCK], hashed[SHA_DIGEST_LENGTH];
    memset(block, 0, sizeof block);
    if (length > SHA_CBLOCK) {  // a key longer than a block is hashed first
        if (SHA1(secret, length, hashed) == NULL) return 0;
        memcpy(block, hashed, sizeof hashed);
    } else if (length > 0) {
        memcpy(block, secret, length);
    }
    int ok = 1;
    for (size_t i = 0; i < sizeof block; i++) block[i] ^= 0x36;
    ok &= SHA1_Init(&key->inner) & SHA1_Update(&key->inner, block, sizeof block);
    for (size_t i = 0; i < sizeof block; i++) block[i] ^= 0x36 ^ 0x5c;
    ok &= SHA1_Init(&key->outer) & SHA1_Update(&key->outer, block, sizeof block);
    OPENSSL_cleanse(block, sizeof block);
    return ok;
}

// Writes HMAC-SHA1(key, message) to digest (SHA_DIGEST_LENGTH bytes); 0 on failure.
static inline int chorus_hmac_sha1(const chorus_hmac_sha1_key *key, const unsigned char *message, size_t length,
                                   unsigned char *digest) {
    unsigned char inner[SHA_DIGEST_LENGTH];
    SHA_CTX context = key->inner;
    int ok = SHA1_Update(&context, message, length) & SHA1_Final(inner, &context);
    context = key->outer;
    ok &= SHA1_Update(&context, inner, sizeof inner) & SHA1_Final(digest, &context);
    return ok;
}
