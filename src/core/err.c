/*
 * err.c - filling struct zq_err.  Messages are truncated to the record's size
 * at a UTF-8 character boundary so a long value never yields broken text.
 */
#include "core/err.h"

#include <stdio.h>
#include <string.h>

void
zq_err_clear(struct zq_err *e)
{
    /* Called once per input row on the import path: clear the strings'
     * first bytes, not the whole 800-byte struct. */
    if (e == NULL)
        return;
    e->code = 0;
    e->msg[0] = '\0';
    e->field[0] = '\0';
    e->file[0] = '\0';
    e->line = 0;
    e->col = 0;
}

static void
utf8_trim(char *s, size_t cap)
{
    size_t n = strlen(s);

    if (n + 1 < cap)
        return;
    /* snprintf may have cut a multi-byte character: drop its leading part */
    while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
        n--;
    if (n > 0 && ((unsigned char)s[n - 1] & 0x80))
        n--;
    s[n] = '\0';
}

int
zq_err_vset(struct zq_err *e, int code, const char *fmt, va_list ap)
{
    if (e == NULL)
        return code;
    e->code = code;
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    utf8_trim(e->msg, sizeof(e->msg));
    return code;
}

int
zq_err_set(struct zq_err *e, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    zq_err_vset(e, code, fmt, ap);
    va_end(ap);
    return code;
}

void
zq_err_field(struct zq_err *e, const char *field)
{
    if (e == NULL)
        return;
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
}

void
zq_err_where(struct zq_err *e, const char *file, long line, long col)
{
    if (e == NULL)
        return;
    snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
    e->line = line;
    e->col = col;
}

const char *
zq_err_code_name(int code)
{
    static const char *const names[] = {
        [0] = "ok",        [1] = "invalid",   [2] = "syntax",
        [3] = "not_found", [4] = "conflict",  [5] = "unauthenticated",
        [6] = "forbidden", [7] = "too_large", [8] = "rate_limited",
        [9] = "io",        [10] = "database", [11] = "usage",
        [12] = "internal", [13] = "rejected",
    };
    int i = -code;

    if (i < 0 || i >= (int)(sizeof(names) / sizeof(names[0])) || names[i] == NULL)
        return "internal";
    return names[i];
}
