/*
 * crypto.h - protection of personal data at rest (libsodium).
 *
 * ID numbers, phone numbers and bank account/card numbers are stored three
 * ways: sealed (XSalsa20-Poly1305 secretbox with a random nonce, so equal
 * values give different bytes), as a keyed BLAKE2b hash (equal values give the
 * same 16 bytes, for indexed look-ups without decrypting) and masked for
 * display.  Both keys are derived from one master secret (config secret_key)
 * with crypto_kdf, so a leaked hash key reveals nothing about the sealing key.
 */
#ifndef ZQ_CORE_CRYPTO_H
#define ZQ_CORE_CRYPTO_H

#include <stddef.h>

#include "core/err.h"

#define PII_HASH_LEN      16
#define PII_SEAL_OVERHEAD 40 /* nonce (24) + MAC (16) */
#define PII_SECRET_MIN    32 /* characters of a configured secret */
#define PII_SECRET_GEN    64 /* hex characters of a generated secret */

struct pii_keys {
    unsigned char seal[32];
    unsigned char hash[32];
};

/* Derive the keys from the master secret (at least PII_SECRET_MIN bytes).
 * ZQ_EINVAL when it is too short. */
int pii_keys_init(struct pii_keys *k, const char *secret, size_t len, struct zq_err *err) ZQ_WUR;
/* Wipe the keys. */
void pii_keys_fini(struct pii_keys *k);
/* A new random secret: PII_SECRET_GEN lower-case hex digits and a NUL. */
void pii_secret_generate(char out[PII_SECRET_GEN + 1]);

/* Keyed hash of n bytes at p. */
void pii_hash(const struct pii_keys *k, const void *p, size_t n, unsigned char out[PII_HASH_LEN]);
/* Seal n bytes at p into out, which has room for n + PII_SEAL_OVERHEAD bytes;
 * returns the sealed length. */
size_t pii_seal(const struct pii_keys *k, const void *p, size_t n, unsigned char *out);
/* Open what pii_seal wrote: out gets the plain text and a NUL (cap includes
 * it).  ZQ_EINVAL when the bytes were not sealed with this key or were
 * altered; ZQ_ETOOBIG when out is too small. */
int pii_open(const struct pii_keys *k, const unsigned char *c, size_t n, char *out, size_t cap,
             size_t *outlen, struct zq_err *err) ZQ_WUR;

#endif
