/*
 * str.c - slices and capped buffers.
 */
#include "core/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/alloc.h"

struct str
str_from(const char *s)
{
    struct str r = { s, s ? strlen(s) : 0 };
    return r;
}

bool
str_eq(struct str a, struct str b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.p, b.p, a.len) == 0);
}

bool
str_eq_cstr(struct str a, const char *b)
{
    return str_eq(a, str_from(b));
}

static bool
is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

struct str
str_trim(struct str s)
{
    for (;;) {
        if (s.len > 0 && is_space((unsigned char)s.p[0])) {
            s.p++;
            s.len--;
        } else if (s.len >= 3 && memcmp(s.p, "\xE3\x80\x80", 3) == 0) {
            s.p += 3;
            s.len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (s.len > 0 && is_space((unsigned char)s.p[s.len - 1]))
            s.len--;
        else if (s.len >= 3 && memcmp(s.p + s.len - 3, "\xE3\x80\x80", 3) == 0)
            s.len -= 3;
        else
            break;
    }
    return s;
}

bool
str_split(struct str s, char sep, struct str *head, struct str *rest)
{
    const char *q = s.len ? memchr(s.p, sep, s.len) : NULL;

    if (q == NULL) {
        *head = s;
        rest->p = NULL;
        rest->len = 0;
        return false;
    }
    head->p = s.p;
    head->len = (size_t)(q - s.p);
    rest->p = q + 1;
    rest->len = s.len - head->len - 1;
    return true;
}

int
str_to_i64(struct str s, int64_t *out)
{
    size_t i = 0;
    bool neg = false;
    uint64_t v = 0, lim;

    if (s.len > 0 && s.p[0] == '-') {
        neg = true;
        i = 1;
    }
    if (i == s.len)
        return ZQ_EINVAL;
    lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    for (; i < s.len; i++) {
        unsigned d = (unsigned char)s.p[i] - '0';
        if (d > 9)
            return ZQ_EINVAL;
        if (v > (lim - d) / 10)
            return ZQ_EINVAL;
        v = v * 10 + d;
    }
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

bool
utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + len;

    while (p < end) {
        unsigned c = *p;
        size_t n;
        unsigned cp;

        if (c < 0x80) {
            p++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if ((size_t)(end - p) <= n)
            return false;
        for (size_t i = 1; i <= n; i++) {
            if ((p[i] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[i] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += n + 1;
    }
    return true;
}

const char *
str_excerpt(struct str s, char out[STR_EXCERPT_LEN])
{
    size_t i = 0, o = 0;

    while (i < s.len && o < 40) {
        size_t n = 1;
        unsigned char c = (unsigned char)s.p[i];

        if (c >= 0x80) {
            n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
            if (i + n > s.len || !utf8_valid(s.p + i, n))
                n = 0;
        }
        if (n == 0 || c < 0x20 || c == 0x7F) {
            out[o++] = '?';
            i++;
            continue;
        }
        if (o + n > 40)
            break;
        memcpy(out + o, s.p + i, n);
        o += n;
        i += n;
    }
    if (i < s.len) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
    return out;
}

void
buf_init(struct buf *b, size_t max)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->max = max;
}

void
buf_fini(struct buf *b)
{
    zq_free(b->p);
    buf_init(b, b->max);
}

void
buf_reset(struct buf *b)
{
    b->len = 0;
    if (b->p != NULL)
        b->p[0] = '\0';
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
    if (n > b->max || b->len > b->max - n)
        return ZQ_ETOOBIG;
    if (b->len + n + 1 > b->cap)
        b->p = zq_grow(b->p, 1, b->len + n + 1, &b->cap);
    if (n > 0)
        memcpy(b->p + b->len, p, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

int
buf_puts(struct buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
    return buf_append(b, &c, 1);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    int n;

    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        return ZQ_EINTERNAL;
    if ((size_t)n < sizeof(small))
        return buf_append(b, small, (size_t)n);
    {
        char *big = zq_malloc((size_t)n + 1);
        int rc;

        va_start(ap, fmt);
        vsnprintf(big, (size_t)n + 1, fmt, ap);
        va_end(ap);
        rc = buf_append(b, big, (size_t)n);
        zq_free(big);
        return rc;
    }
}

char *
buf_steal(struct buf *b)
{
    char *p = b->p ? b->p : zq_strdup("");

    buf_init(b, b->max);
    return p;
}

int
str_clip(struct str s, size_t max)
{
    size_t n = s.len;

    if (n <= max)
        return (int)n;
    n = max;
    while (n > 0 && ((unsigned char)s.p[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

bool
str_next_line(const char *data, size_t len, size_t *pos, struct str *line)
{
    const char *p, *nl;

    if (*pos >= len)
        return false;
    p = data + *pos;
    nl = memchr(p, '\n', len - *pos);
    line->p = p;
    line->len = nl != NULL ? (size_t)(nl - p) : len - *pos;
    *pos += line->len + (nl != NULL);
    if (line->len > 0 && line->p[line->len - 1] == '\r')
        line->len--;
    return true;
}

int
str_split_csv(struct str line, struct str *f, int max, char *scratch)
{
    size_t i = 0, o = 0;
    int n = 0;

    for (;;) {
        size_t q = i;

        if (n == max)
            return max + 1;
        while (q < line.len && (line.p[q] == ' ' || line.p[q] == '\t'))
            q++;
        if (q < line.len && line.p[q] == '"') {
            size_t start = o;

            for (i = q + 1;; i++) {
                if (i >= line.len)
                    return -1;
                if (line.p[i] == '"' && (i + 1 >= line.len || line.p[i + 1] != '"'))
                    break;
                if (line.p[i] == '"')
                    i++;
                scratch[o++] = line.p[i];
            }
            for (i++; i < line.len && (line.p[i] == ' ' || line.p[i] == '\t');)
                i++;
            if (i < line.len && line.p[i] != ',')
                return -1;
            f[n] = (struct str){ scratch + start, o - start };
        } else {
            const char *c = memchr(line.p + i, ',', line.len - i);
            size_t end = c != NULL ? (size_t)(c - line.p) : line.len;

            if (memchr(line.p + i, '"', end - i) != NULL)
                return -1;
            f[n] = (struct str){ line.p + i, end - i };
            i = end;
        }
        f[n] = str_trim(f[n]);
        n++;
        if (i >= line.len)
            return n;
        i++; /* the comma */
    }
}

char
str_fold_char(const char *p, size_t left, size_t *k)
{
    const unsigned char *u = (const unsigned char *)p;

    *k = 1;
    if (u[0] < 0x80)
        return (char)u[0];
    *k = 3;
    if (left >= 3 && u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x81 && u[2] <= 0xBF)
        return (char)(u[2] - 0x81 + 0x21);
    if (left >= 3 && u[0] == 0xEF && u[1] == 0xBD && u[2] >= 0x80 && u[2] <= 0x9E)
        return (char)(u[2] - 0x80 + 0x60);
    if (left >= 3 && memcmp(u, "\xE3\x80\x80", 3) == 0)
        return ' ';
    *k = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    if (*k > left || !utf8_valid(p, *k))
        *k = 1;
    return 0;
}

size_t
str_fold(struct str s, struct str_fch *out, size_t cap, bool upper)
{
    size_t n = 0, i = 0, k;

    while (i < s.len) {
        char c = str_fold_char(s.p + i, s.len - i, &k);

        if (upper && c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        if (n < cap) {
            out[n].c = c;
            out[n].orig.p = s.p + i;
            out[n].orig.len = k;
        }
        n++;
        i += k;
    }
    return n;
}
