/*
 * Fuzz target: the credit rules that read what a client sends or what the
 * data holds, without a database: the public blacklist query's check (a
 * query parameter), the date arithmetic of listing terms and 信用修复 (any
 * date and month count), the grade with its reasons (any counts, a small
 * buffer) and the public routes' rate limit (any client key).  Properties:
 * an accepted query holds no LIKE wildcard and at least 2 characters; a
 * date moved by n months lands in the right month on a day no later than
 * the original; reasons are NUL-terminated inside their buffer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/ratelimit.h"
#include "svc/credit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int64_t
take(const uint8_t **p, size_t *n, size_t k)
{
    int64_t v = 0;

    for (size_t i = 0; i<k && * n> 0; i++, (*p)++, (*n)--)
        v = (v << 8) | **p;
    return v;
}

static void
dates(const uint8_t *p, size_t n)
{
    int y0, m0, d0, y1, m1, d1;
    zq_date d = (zq_date)(take(&p, &n, 3) % 80000); /* 1970 .. about 2189 */
    int months = (int)(take(&p, &n, 1) % 120);
    zq_date r = credit_add_months(d, months);

    date_to_ymd(d, &y0, &m0, &d0);
    date_to_ymd(r, &y1, &m1, &d1);
    if ((y1 * 12 + m1) - (y0 * 12 + m0) != months || d1 > d0)
        abort();
    if (credit_repair_due(d, d + 1) && months == 0)
        abort();
    if (!credit_repair_due(d, credit_add_months(d, 6)))
        abort();
}

static void
grade(const uint8_t *p, size_t n)
{
    struct credit_facts f;
    char why[24];
    size_t cap = 1 + (size_t)(take(&p, &n, 1) % sizeof why);
    char g;

    f.cases = take(&p, &n, 1), f.ignored_orders = take(&p, &n, 1), f.police = take(&p, &n, 1);
    f.penalties = take(&p, &n, 1), f.incidents = take(&p, &n, 1), f.mass = take(&p, &n, 1);
    memset(why, 'x', sizeof why);
    g = credit_grade(&f, why, cap);
    if ((g != 'A' && g != 'B' && g != 'C') || memchr(why, '\0', cap) == NULL)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    struct ratelimit *rl;

    memcpy(s, data, size);
    s[size] = '\0';
    if (credit_public_query_ok(s) && (strpbrk(s, "%_\\") != NULL || strlen(s) < 2))
        abort();
    dates(data, size);
    grade(data, size);
    rl = ratelimit_new(2, 60);
    for (int i = 0; i < 3; i++)
        if (!ratelimit_allow(rl, s, 600) && i < 2)
            abort();
    ratelimit_free(rl);
    free(s);
    return 0;
}
