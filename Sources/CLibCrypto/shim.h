// The corners of OpenSSL's libcrypto that Chorus uses (libssh2 links it already):
// HMAC-SHA1 and random salts for hashed known_hosts names; SHA-256 and base64 (EVP)
// for the Digests module; RSA keys (PEM reading, building from OpenSSH key fields)
// and RSA/SHA-2 signatures for SSHClient's rsa-sha2 user authentication.
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/bn.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/param_build.h>
#include <openssl/core_names.h>

// EVP_PKEY_KEYPAIR is a macro built from other macros, which Swift does not import.
static const int chorus_evp_pkey_keypair = EVP_PKEY_KEYPAIR;
