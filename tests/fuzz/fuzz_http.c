/*
 * Fuzz target: the parts of the HTTP layer that read what a client sends
 * before any handler runs: the route matcher (a path), the keyset cursor
 * decoder (a query parameter) and the region range of a filter.  Properties:
 * a matched route's parameters are non-empty segments of the path without
 * '/'; a decoded cursor keeps its strings NUL-terminated and within bounds;
 * a region range, when not empty, has lo <= hi and both made of digits.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_int.h"
#include "svc/auth.h"
#include "svc/query_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
routes(const char *s)
{
    char params[HTTP_MAX_PARAMS][HTTP_PARAM_MAX];
    static const char *const methods[] = { "GET", "POST", "DELETE", "PUT", "PATCH" };
    bool known;
    int np;

    for (size_t m = 0; m < sizeof methods / sizeof methods[0]; m++) {
        const struct route *r = http_route_match(methods[m], s, params, &np, &known);
        if (r == NULL)
            continue;
        if (strcmp(r->method, methods[m]) != 0 || np < 0 || np > HTTP_MAX_PARAMS)
            abort();
        for (int i = 0; i < np; i++)
            if (params[i][0] == '\0' || strchr(params[i], '/') != NULL ||
                strstr(s, params[i]) == NULL)
                abort();
    }
}

static void
cursor(const char *s)
{
    struct query_page in = { s, 0 };
    struct cursor_buf cb;
    struct sq_page sp;
    struct zq_err e;

    zq_err_clear(&e);
    if (page_from(&in, CURSOR_KEY, false, &sp, &cb, &e) == 0 && sp.after &&
        (strlen(sp.key) >= sizeof cb.key || strlen(sp.code) >= sizeof cb.code))
        abort();
    (void)page_from(&in, CURSOR_KEY, true, &sp, &cb, &e);
    (void)page_from(&in, CURSOR_ID, false, &sp, &cb, &e);
}

static void
region(const char *s)
{
    char lo[10], hi[10];

    auth_region_range(s, lo, hi);
    if (lo[0] == '\0')
        return;
    if (strcmp(lo, hi) > 0 || strspn(lo, "0123456789") != strlen(lo) ||
        strspn(hi, "0123456789") != strlen(hi) || strlen(hi) != 9)
        abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);

    if (s == NULL)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    routes(s);
    cursor(s);
    region(s);
    free(s);
    return 0;
}
