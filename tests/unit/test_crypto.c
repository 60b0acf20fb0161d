/*
 * test_crypto.c - personal-data sealing and keyed hashes (core/crypto), and
 * the import caches' containers (core/strmap, core/bitset).
 */
#include <stdio.h>
#include <string.h>

#include "core/bitset.h"
#include "core/crypto.h"
#include "core/strmap.h"
#include "t.h"

static const char secret[] = "a-test-secret-of-at-least-32-characters";

static void
test_keys(void)
{
    struct pii_keys k;
    struct zq_err err;
    char gen[PII_SECRET_GEN + 1], gen2[PII_SECRET_GEN + 1];

    zq_err_clear(&err);
    T_EQ_INT(pii_keys_init(&k, "short", 5, &err), ZQ_EINVAL);
    T_CONTAINS(err.msg, "太短");
    T_EQ_INT(pii_keys_init(&k, secret, strlen(secret), &err), 0);
    T_CHECK(memcmp(k.seal, k.hash, sizeof k.seal) != 0);
    pii_secret_generate(gen);
    pii_secret_generate(gen2);
    T_EQ_INT((long)strlen(gen), PII_SECRET_GEN);
    T_CHECK(strcmp(gen, gen2) != 0);
    T_EQ_INT((long)strspn(gen, "0123456789abcdef"), PII_SECRET_GEN);
    pii_keys_fini(&k);
    for (size_t i = 0; i < sizeof k.seal; i++)
        T_CHECK(k.seal[i] == 0 && k.hash[i] == 0);
}

static void
test_seal(void)
{
    struct pii_keys k, other;
    struct zq_err err;
    unsigned char c1[64], c2[64];
    char out[64];
    size_t n1, n2, len = 0;
    const char *id = "11010519491231002X";

    zq_err_clear(&err);
    T_EQ_INT(pii_keys_init(&k, secret, strlen(secret), &err), 0);
    T_EQ_INT(pii_keys_init(&other, "another-secret-also-32-characters-long", 38, &err), 0);
    n1 = pii_seal(&k, id, 18, c1);
    n2 = pii_seal(&k, id, 18, c2);
    T_EQ_INT((long)n1, 18 + PII_SEAL_OVERHEAD);
    T_CHECK(n1 == n2 && memcmp(c1, c2, n1) != 0); /* random nonces */
    T_EQ_INT(pii_open(&k, c1, n1, out, sizeof out, &len, &err), 0);
    T_EQ_STR(out, id);
    T_EQ_INT((long)len, 18);
    T_EQ_INT(pii_open(&k, c2, n2, out, sizeof out, NULL, &err), 0);
    T_EQ_STR(out, id);
    c1[30] ^= 1; /* tampered */
    T_EQ_INT(pii_open(&k, c1, n1, out, sizeof out, NULL, &err), ZQ_EINVAL);
    T_EQ_INT(pii_open(&other, c2, n2, out, sizeof out, NULL, &err), ZQ_EINVAL);
    T_EQ_INT(pii_open(&k, c2, 10, out, sizeof out, NULL, &err), ZQ_EINVAL);
    T_EQ_INT(pii_open(&k, c2, n2, out, 10, NULL, &err), ZQ_ETOOBIG);
    pii_keys_fini(&k);
    pii_keys_fini(&other);
}

static void
test_hash(void)
{
    struct pii_keys k, other;
    struct zq_err err;
    unsigned char h1[PII_HASH_LEN], h2[PII_HASH_LEN], h3[PII_HASH_LEN], h4[PII_HASH_LEN];

    zq_err_clear(&err);
    T_EQ_INT(pii_keys_init(&k, secret, strlen(secret), &err), 0);
    T_EQ_INT(pii_keys_init(&other, "another-secret-also-32-characters-long", 38, &err), 0);
    pii_hash(&k, "13812341234", 11, h1);
    pii_hash(&k, "13812341234", 11, h2);
    pii_hash(&k, "13812341235", 11, h3);
    pii_hash(&other, "13812341234", 11, h4);
    T_CHECK(memcmp(h1, h2, sizeof h1) == 0);
    T_CHECK(memcmp(h1, h3, sizeof h1) != 0);
    T_CHECK(memcmp(h1, h4, sizeof h1) != 0); /* keyed: another key, another hash */
    pii_keys_fini(&k);
    pii_keys_fini(&other);
}

static void
test_strmap(void)
{
    struct strmap *m = strmap_new();
    uint64_t v = 0;
    char key[32];

    T_CHECK(!strmap_get(m, "a", 1, &v));
    strmap_put(m, "a", 1, 7);
    strmap_put(m, "ab", 2, 8);
    T_CHECK(strmap_get(m, "a", 1, &v) && v == 7);
    T_CHECK(strmap_get(m, "ab", 2, &v) && v == 8);
    strmap_put(m, "a", 1, 9);
    T_CHECK(strmap_get(m, "a", 1, &v) && v == 9);
    T_EQ_INT((long)strmap_count(m), 2);
    for (int i = 0; i < 100000; i++) { /* grows many times */
        int n = snprintf(key, sizeof key, "k%d", i);
        strmap_put(m, key, (size_t)n, (uint64_t)i * 3);
    }
    T_EQ_INT((long)strmap_count(m), 100002);
    for (int i = 0; i < 100000; i += 997) {
        int n = snprintf(key, sizeof key, "k%d", i);
        T_CHECK(strmap_get(m, key, (size_t)n, &v) && v == (uint64_t)i * 3);
    }
    T_CHECK(!strmap_get(m, "k100000", 7, &v));
    strmap_clear(m);
    T_EQ_INT((long)strmap_count(m), 0);
    T_CHECK(!strmap_get(m, "a", 1, &v));
    strmap_put(m, "", 0, 1); /* the empty key is a key */
    T_CHECK(strmap_get(m, "", 0, &v) && v == 1);
    strmap_free(m);
    strmap_free(NULL);
}

static void
test_bitset(void)
{
    struct bitset b;

    bitset_init(&b);
    T_CHECK(!bitset_test(&b, 5));
    T_CHECK(!bitset_test_set(&b, 5));
    T_CHECK(bitset_test_set(&b, 5));
    T_CHECK(bitset_test(&b, 5));
    T_CHECK(!bitset_test(&b, 4) && !bitset_test(&b, 6));
    T_CHECK(!bitset_test_set(&b, 10000000)); /* grows */
    T_CHECK(bitset_test(&b, 10000000) && bitset_test(&b, 5));
    T_CHECK(!bitset_test(&b, 9999999));
    T_CHECK(!bitset_test(&b, (uint64_t)1 << 40)); /* beyond the words: not set */
    bitset_fini(&b);
    bitset_fini(&b);
}

static const struct t_case t_cases[] = {
    { "keys", test_keys },     { "seal", test_seal },     { "hash", test_hash },
    { "strmap", test_strmap }, { "bitset", test_bitset }, { 0 },
};
T_MAIN(t_cases)
