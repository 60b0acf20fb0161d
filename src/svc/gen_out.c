/*
 * gen_out.c - the generator's CSV output: one large buffer per generator,
 * written with fwrite when full, and hand-written integer, money and date
 * formatting (no printf per field: the attendance of a city is tens of
 * millions of rows).  The buffer is the generator's; the FILE is the
 * caller's.  A failed write is remembered and reported at the end.
 */
#include <errno.h>

#include "svc/gen_int.h"

void
out_start(struct gen_out *o, FILE *f, char *buf, size_t cap)
{
    o->f = f;
    o->buf = buf;
    o->len = 0;
    o->cap = cap;
    o->bytes = 0;
    o->rows = 0;
    o->err = 0;
}

void
out_flush(struct gen_out *o)
{
    if (o->len == 0)
        return;
    if (o->err == 0 && fwrite(o->buf, 1, o->len, o->f) != o->len)
        o->err = errno != 0 ? errno : EIO;
    o->bytes += o->len;
    o->len = 0;
}

void
out_csv(struct gen_out *o, const char *s)
{
    const char *q;

    if (strpbrk(s, ",\"\r\n") == NULL) {
        out_str(o, s);
        return;
    }
    out_c(o, '"');
    while ((q = strchr(s, '"')) != NULL) {
        out_mem(o, s, (size_t)(q - s + 1));
        out_c(o, '"');
        s = q + 1;
    }
    out_str(o, s);
    out_c(o, '"');
}

void
out_u64(struct gen_out *o, uint64_t v)
{
    char tmp[20];
    int n = 0;

    do {
        tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    out_mem(o, tmp + sizeof(tmp) - n, (size_t)n);
}

void
out_money(struct gen_out *o, int64_t fen)
{
    uint64_t v;
    char *p;

    if (fen < 0) {
        out_c(o, '-');
        v = (uint64_t)0 - (uint64_t)fen;
    } else {
        v = (uint64_t)fen;
    }
    out_u64(o, v / 100);
    p = out_reserve(o, 3);
    p[0] = '.';
    p[1] = (char)('0' + v % 100 / 10);
    p[2] = (char)('0' + v % 10);
    o->len += 3;
}

static void
put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void
gen_fmt_date(zq_date d, char out[10])
{
    int y, m, dd;

    date_to_ymd(d, &y, &m, &dd);
    put2(out, y / 100);
    put2(out + 2, y % 100);
    out[4] = '-';
    put2(out + 5, m);
    out[7] = '-';
    put2(out + 8, dd);
}

void
out_date(const struct gen *g, struct gen_out *o, zq_date d)
{
    char *p;

    if (d == GEN_NO_DATE)
        return;
    p = out_reserve(o, 10);
    if (d >= g->dfirst && d - g->dfirst < GEN_NDATES)
        memcpy(p, g->dates[d - g->dfirst], 10);
    else
        gen_fmt_date(d, p);
    o->len += 10;
}

void
out_month(struct gen_out *o, zq_month m)
{
    char *p = out_reserve(o, 7);
    int y = month_year(m);

    put2(p, y / 100);
    put2(p + 2, y % 100);
    p[4] = '-';
    put2(p + 5, month_num(m));
    o->len += 7;
}

void
out_datetime(const struct gen *g, struct gen_out *o, zq_date d, int secs)
{
    char *p;

    out_date(g, o, d);
    p = out_reserve(o, 9);
    p[0] = ' ';
    put2(p + 1, secs / 3600);
    p[3] = ':';
    put2(p + 4, secs / 60 % 60);
    p[6] = ':';
    put2(p + 7, secs % 60);
    o->len += 9;
}
