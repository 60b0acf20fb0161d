/*
 * crypto.c - sealing and keyed hashing of personal data (see crypto.h).
 * The caller owns struct pii_keys; nothing here allocates.
 */
#include "core/crypto.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static void
ensure_sodium(void)
{
    /* sodium_init is thread-safe and idempotent; < 0 means no usable RNG. */
    if (sodium_init() < 0)
        abort();
}

int
pii_keys_init(struct pii_keys *k, const char *secret, size_t len, struct zq_err *err)
{
    unsigned char master[crypto_kdf_KEYBYTES];

    ensure_sodium();
    if (len < PII_SECRET_MIN)
        return zq_err_set(err, ZQ_EINVAL, "主密钥 secret_key 太短：至少需要 %d 个字符，现有 %zu 个",
                          PII_SECRET_MIN, len);
    crypto_generichash(master, sizeof master, (const unsigned char *)secret, len, NULL, 0);
    crypto_kdf_derive_from_key(k->seal, sizeof k->seal, 1, "zq-seal_", master);
    crypto_kdf_derive_from_key(k->hash, sizeof k->hash, 2, "zq-hash_", master);
    sodium_memzero(master, sizeof master);
    return 0;
}

void
pii_keys_fini(struct pii_keys *k)
{
    sodium_memzero(k, sizeof *k);
}

void
pii_secret_generate(char out[PII_SECRET_GEN + 1])
{
    unsigned char raw[PII_SECRET_GEN / 2];

    ensure_sodium();
    randombytes_buf(raw, sizeof raw);
    sodium_bin2hex(out, PII_SECRET_GEN + 1, raw, sizeof raw);
    sodium_memzero(raw, sizeof raw);
}

void
pii_hash(const struct pii_keys *k, const void *p, size_t n, unsigned char out[PII_HASH_LEN])
{
    crypto_generichash(out, PII_HASH_LEN, p, n, k->hash, sizeof k->hash);
}

size_t
pii_seal(const struct pii_keys *k, const void *p, size_t n, unsigned char *out)
{
    randombytes_buf(out, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES, p, n, out, k->seal);
    return n + PII_SEAL_OVERHEAD;
}

int
pii_open(const struct pii_keys *k, const unsigned char *c, size_t n, char *out, size_t cap,
         size_t *outlen, struct zq_err *err)
{
    size_t plain;

    if (n < PII_SEAL_OVERHEAD)
        return zq_err_set(err, ZQ_EINVAL, "加密数据已损坏（长度 %zu 字节）", n);
    plain = n - PII_SEAL_OVERHEAD;
    if (plain + 1 > cap)
        return zq_err_set(err, ZQ_ETOOBIG, "解密缓冲区太小");
    if (crypto_secretbox_open_easy((unsigned char *)out, c + crypto_secretbox_NONCEBYTES,
                                   n - crypto_secretbox_NONCEBYTES, c, k->seal) != 0)
        return zq_err_set(err, ZQ_EINVAL,
                          "无法解密：数据被改动，或主密钥 secret_key 不是加密时的那个");
    out[plain] = '\0';
    if (outlen != NULL)
        *outlen = plain;
    return 0;
}
