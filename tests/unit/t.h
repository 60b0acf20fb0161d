/*
 * t.h - the unit-test harness: assertions that count, and a main that runs the
 * test functions of one file and ends with "N passed, N failed".
 *
 * A test file defines its test functions and one table:
 *
 *     static const struct t_case t_cases[] = {
 *         { "money parse", test_money_parse },
 *         { 0 },
 *     };
 *     T_MAIN(t_cases)
 *
 * Every T_* check counts as one assertion; a failing one prints its file,
 * line and expression (and both values) and the run continues.
 */
#ifndef ZQ_TESTS_T_H
#define ZQ_TESTS_T_H

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct t_case {
    const char *name;
    void (*fn)(void);
};

static int t_passed, t_failed;
static const char *t_name = "";

static inline int
t_result(int ok, const char *file, int line, const char *expr)
{
    if (ok) {
        t_passed++;
    } else {
        t_failed++;
        fprintf(stderr, "FAIL %s:%d [%s] %s\n", file, line, t_name, expr);
    }
    return ok;
}

#define T_CHECK(c) t_result(!!(c), __FILE__, __LINE__, #c)

#define T_EQ_INT(a, b)                                                 \
    do {                                                               \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);        \
        if (!t_result(t_a_ == t_b_, __FILE__, __LINE__, #a " == " #b)) \
            fprintf(stderr, "     got %lld, want %lld\n", t_a_, t_b_); \
    } while (0)

#define T_EQ_STR(a, b)                                                                \
    do {                                                                              \
        const char *t_a_ = (a), *t_b_ = (b);                                          \
        int t_ok_ = t_a_ != NULL && t_b_ != NULL && strcmp(t_a_, t_b_) == 0;          \
        if (!t_result(t_ok_, __FILE__, __LINE__, #a " == " #b))                       \
            fprintf(stderr, "     got \"%s\", want \"%s\"\n", t_a_ ? t_a_ : "(null)", \
                    t_b_ ? t_b_ : "(null)");                                          \
    } while (0)

/* The message of a failing call contains `needle` (a Chinese reason, say). */
#define T_CONTAINS(hay, needle)                                                          \
    do {                                                                                 \
        const char *t_h_ = (hay), *t_n_ = (needle);                                      \
        if (!t_result(t_h_ != NULL && strstr(t_h_, t_n_) != NULL, __FILE__, __LINE__,    \
                      #hay " contains " #needle))                                        \
            fprintf(stderr, "     \"%s\" lacks \"%s\"\n", t_h_ ? t_h_ : "(null)", t_n_); \
    } while (0)

static inline int
t_main(const struct t_case *cases, int argc, char **argv)
{
    for (const struct t_case *c = cases; c->name != NULL; c++) {
        if (argc > 1 && strstr(c->name, argv[1]) == NULL)
            continue;
        t_name = c->name;
        c->fn();
    }
    printf("%d passed, %d failed\n", t_passed, t_failed);
    return t_failed == 0 ? 0 : 1;
}

#define T_MAIN(cases)                     \
    int main(int argc, char **argv)       \
    {                                     \
        return t_main(cases, argc, argv); \
    }

#endif
