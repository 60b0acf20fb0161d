/*
 * Fuzz target: money_parse, and the properties that must hold for every
 * amount it accepts: the formatted amount parses back to the same fen, the
 * grouped form is the plain form with commas, and money_mul_ratio rounds to
 * the nearest fen (halves away from zero) or reports overflow.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/money.h"

__extension__ typedef __int128 i128;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_ratio(int64_t fen, int64_t num, int64_t den)
{
    int64_t r;
    i128 p = (i128)fen * num, d = den < 0 ? -(i128)den : den, diff;

    if (money_mul_ratio(fen, num, den, &r) != 0) {
        /* only overflow may fail: the rounded quotient is out of range */
        i128 q = p / den;
        if (q >= INT64_MIN + (i128)1 && q <= INT64_MAX - (i128)1)
            abort();
        return;
    }
    diff = p - (i128)r * den;
    if (diff < 0)
        diff = -diff;
    if (2 * diff > d)
        abort();
    if (2 * diff == d && diff != 0 && (r < 0) != ((p < 0) != (den < 0)))
        abort();
}

static void
check_grouped(const char *plain, const char *grouped)
{
    char nocomma[MONEY_GROUPED_LEN];
    size_t o = 0;

    for (const char *p = grouped; *p != '\0'; p++)
        if (*p != ',')
            nocomma[o++] = *p;
    nocomma[o] = '\0';
    if (strcmp(nocomma, plain) != 0)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int64_t ratios[][2] = {
        { 2, 100 },
        { 1, 3 },
        { -7, 2 },
        { 3, -10 },
        { 1, 1 },
        { -1, 1 },
        { INT64_MAX, INT64_MIN },
        { INT64_MIN, 3 },
        { 1, INT64_MAX },
    };
    struct str s = { (const char *)data, size };
    struct zq_err e;
    int64_t fen, back;
    char b[MONEY_STR_LEN], g[MONEY_GROUPED_LEN];

    zq_err_clear(&e);
    if (money_parse(s, &fen, &e) != 0) {
        if (e.code != ZQ_EINVAL || e.msg[0] == '\0' || !utf8_valid(e.msg, strlen(e.msg)))
            abort();
        return 0;
    }
    money_format(fen, b);
    if (money_parse(str_from(b), &back, NULL) != 0 || back != fen)
        abort();
    check_grouped(b, money_format_grouped(fen, g));
    for (size_t i = 0; i < sizeof(ratios) / sizeof(ratios[0]); i++)
        check_ratio(fen, ratios[i][0], ratios[i][1]);
    /* the amount itself as the ratio's numerator and denominator */
    check_ratio(12345, fen, 100);
    if (fen != 0)
        check_ratio(INT64_MAX / 3, 7, fen);
    return 0;
}
