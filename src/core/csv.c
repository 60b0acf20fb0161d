/*
 * csv.c - streaming CSV reader (RFC 4180) for imports, with automatic UTF-8 /
 * GB18030 detection.
 *
 * The reader owns one text buffer holding UTF-8: read(2) fills it directly
 * for UTF-8 input, or iconv converts GB18030 bytes (kept in a second buffer)
 * into it.  A record is parsed in place: unquoted fields and quoted fields
 * without "" escapes are slices of the buffer; quoted fields with escapes are
 * unescaped into a scratch buffer of max_record bytes.  Both stay valid until
 * the next call, which may move the buffer.  A record without quotes costs one
 * memchr for the line end, one for a quote and one per comma.
 *
 * Encoding: until the first non-ASCII byte the input is both ASCII and UTF-8.
 * The 64 KiB starting at that byte decide (looks_utf8): UTF-8 when its
 * multi-byte sequences are well formed, or nearly all are; GB18030 otherwise.
 * A BOM means UTF-8 at once.  Later bytes that are not valid in the chosen encoding
 * make that one row an error (ZQ_EINVAL, with line and character position):
 * GB18030 bytes iconv rejects are replaced by 0xFF, which no UTF-8 text
 * contains, so one validation pass over each record catches both cases.
 */
#include "core/csv.h"

#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"

#define SNIFF_SIZE ((size_t)64 * 1024)
#define MIN_ROOM   16

enum { REC_ROW = 1, REC_MORE = 2, REC_BLANK = 3 };
enum { F_COMMA = 1, F_EOL = 2, F_MORE = 3 };

enum csv_enc {
    ENC_ASCII, /* undecided: everything so far is ASCII */
    ENC_UTF8,
    ENC_GB18030,
};

struct csv_reader {
    char *name;
    int fd; /* -1: read mem */
    const char *mem;
    size_t mem_len, mem_pos;
    uint64_t done, total;

    char *buf; /* UTF-8 text; [start, end) not parsed yet */
    size_t cap, cap_max, start, end;
    size_t read_size;
    size_t ascii_end; /* ENC_ASCII: buf[0, ascii_end) is known to be ASCII */
    bool src_eof;     /* the source has no more bytes */
    bool eof;         /* and nothing more will be appended to buf */
    enum csv_enc enc;

    iconv_t cd; /* GB18030 to UTF-8, (iconv_t)-1 until needed */
    char *raw;  /* GB18030 bytes read but not converted yet */
    size_t raw_len, raw_cap;

    long line; /* physical line of buf[start] */
    size_t max_record, max_fields;
    struct str *fields;
    char *scratch; /* max_record bytes, allocated on first use */
    size_t slen;

    int fatal; /* sticky error, 0 none */
    struct zq_err fatal_err;
};

static int csv_fail(struct csv_reader *r, struct zq_err *err, int code, long line, long col,
                    const char *fmt, ...) ZQ_PRINTF(6, 7);

static int
csv_fail(struct csv_reader *r, struct zq_err *err, int code, long line, long col, const char *fmt,
         ...)
{
    struct zq_err e;
    char why[400];
    va_list ap;

    zq_err_clear(&e);
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    if (line > 0 && col > 0)
        zq_err_set(&e, code, "文件 %s 第 %ld 行第 %ld 个字符处：%s", r->name, line, col, why);
    else if (line > 0)
        zq_err_set(&e, code, "文件 %s 第 %ld 行：%s", r->name, line, why);
    else
        zq_err_set(&e, code, "文件 %s：%s", r->name, why);
    zq_err_where(&e, r->name, line, col);
    if (code != ZQ_EINVAL) {
        r->fatal = code;
        r->fatal_err = e;
    }
    if (err != NULL)
        *err = e;
    return code;
}

/* Index of the first non-ASCII byte of s[0, n), or n. */
static size_t
ascii_span(const char *s, size_t n)
{
    size_t i = 0;

    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        if (v & 0x8080808080808080ULL)
            break;
    }
    while (i < n && !((unsigned char)s[i] & 0x80))
        i++;
    return i;
}

/* Number of bytes in s[0, n) that start a multi-byte UTF-8 character. */
static size_t
count_lead_bytes(const char *s, size_t n)
{
    size_t c = 0;

    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xC0) == 0xC0;
    return c;
}

/* Offset of the first byte of s[0, n) that does not start a well-formed UTF-8
 * sequence, or n.  *cut tells that sequence is only cut short by the end. */
static size_t
utf8_span(const char *str, size_t n, bool *cut)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;

    *cut = false;
    for (;;) {
        unsigned c, lo = 0x80, hi = 0xBF;
        size_t len;

        i += ascii_span(str + i, n - i);
        if (i >= n)
            return n;
        c = s[i];
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        } else {
            return i;
        }
        for (size_t k = 1; k < len; k++) {
            unsigned b;

            if (i + k >= n) {
                *cut = true;
                return i;
            }
            b = s[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b & 0xC0) != 0x80)
                return i;
        }
        i += len;
    }
}

/* The sniffing rule: s is UTF-8 when its multi-byte characters are well
 * formed, or nearly all are (a UTF-8 file with a damaged byte, whose row is
 * then reported, rather than a whole file of mojibake).  GB18030 Chinese text
 * is malformed as UTF-8 at most of its characters.  A character cut by the
 * end of the window does not count. */
static bool
looks_utf8(const char *s, size_t n)
{
    size_t i = 0, good = 0, bad = 0;

    for (;;) {
        bool cut;
        size_t k = utf8_span(s + i, n - i, &cut);

        good += count_lead_bytes(s + i, k);
        i += k;
        if (i >= n || cut)
            break;
        bad++; /* one malformed sequence: its first byte and what continues it */
        for (i++; i < n && ((unsigned char)s[i] & 0xC0) == 0x80; i++)
            ;
    }
    return bad == 0 || good >= 8 * bad;
}

/* Line and 1-based character column of pos in a record starting at b on
 * line `line`. */
static void
locate(const char *b, const char *pos, long line, long *lp, long *cp)
{
    const char *ls = b;
    long col = 1;

    for (const char *q = b; q < pos; q++) {
        if (*q == '\n') {
            line++;
            ls = q + 1;
        }
    }
    for (const char *q = ls; q < pos; q++)
        col += ((unsigned char)*q & 0xC0) != 0x80;
    *lp = line;
    *cp = col;
}

static int
src_read(struct csv_reader *r, char *dst, size_t n, size_t *got, struct zq_err *err)
{
    *got = 0;
    if (r->src_eof || n == 0)
        return 0;
    if (r->fd < 0) {
        size_t k = r->mem_len - r->mem_pos;

        *got = k < n ? k : n;
        memcpy(dst, r->mem + r->mem_pos, *got);
        r->mem_pos += *got;
    } else {
        ssize_t k;

        do
            k = read(r->fd, dst, n);
        while (k < 0 && errno == EINTR);
        if (k < 0)
            return csv_fail(r, err, ZQ_EIO, 0, 0, "读取失败：%s", strerror(errno));
        *got = (size_t)k;
    }
    if (*got == 0)
        r->src_eof = true;
    r->done += *got;
    return 0;
}

static bool
grow(struct csv_reader *r)
{
    size_t ncap = r->cap * 2;

    if (r->cap >= r->cap_max)
        return false;
    if (ncap > r->cap_max)
        ncap = r->cap_max;
    r->buf = zq_realloc(r->buf, ncap);
    r->cap = ncap;
    return true;
}

static int
too_big(struct csv_reader *r, struct zq_err *err)
{
    return csv_fail(r, err, ZQ_ETOOBIG, r->line, 0,
                    "从此行开始的记录超过 %zu 字节的上限（可能是引号未闭合）", r->max_record);
}

/* Convert GB18030 bytes from raw into buf until at least one byte is added. */
static int
fill_gb(struct csv_reader *r, struct zq_err *err)
{
    size_t before = r->end;

    while (r->end == before) {
        char *in, *out;
        size_t inleft, outleft, rc;
        int e;

        if (r->cap - r->end < MIN_ROOM && !grow(r))
            return too_big(r, err);
        if (r->raw_len < 4 && !r->src_eof) {
            size_t got;

            if (r->raw_cap - r->raw_len < r->read_size)
                r->raw = zq_grow(r->raw, 1, r->raw_len + r->read_size, &r->raw_cap);
            if (src_read(r, r->raw + r->raw_len, r->read_size, &got, err) < 0)
                return r->fatal;
            r->raw_len += got;
            continue;
        }
        if (r->raw_len == 0) {
            r->eof = true;
            return 0;
        }
        in = r->raw;
        inleft = r->raw_len;
        out = r->buf + r->end;
        outleft = r->cap - r->end;
        rc = iconv(r->cd, &in, &inleft, &out, &outleft);
        e = errno;
        r->end = (size_t)(out - r->buf);
        if (rc == (size_t)-1 && (e == EILSEQ || (e == EINVAL && r->src_eof)) && outleft > 0) {
            /* not GB18030: leave a byte no UTF-8 text has, for the row check */
            r->buf[r->end++] = (char)0xFF;
            in++;
            inleft--;
        }
        memmove(r->raw, in, inleft);
        r->raw_len = inleft;
    }
    return 1;
}

static int
switch_to_gb(struct csv_reader *r, size_t k, struct zq_err *err)
{
    size_t n = r->end - k;

    r->cd = iconv_open("UTF-8", "GB18030");
    if (r->cd == (iconv_t)-1)
        return csv_fail(r, err, ZQ_EINTERNAL, 0, 0, "系统不支持 GB18030 编码转换");
    r->raw = zq_grow(r->raw, 1, n + r->read_size, &r->raw_cap);
    memcpy(r->raw, r->buf + k, n);
    r->raw_len = n;
    r->end = k;
    r->enc = ENC_GB18030;
    return fill_gb(r, err);
}

/* ENC_ASCII: look at the bytes just read; the first non-ASCII byte decides. */
static int
sniff(struct csv_reader *r, struct zq_err *err)
{
    size_t k = r->ascii_end + ascii_span(r->buf + r->ascii_end, r->end - r->ascii_end);

    r->ascii_end = k;
    if (k == r->end)
        return 0;
    while (r->end - k < SNIFF_SIZE && !r->src_eof) {
        size_t got, want;

        if (r->end == r->cap && !grow(r))
            break;
        want = r->cap - r->end;
        if (want > SNIFF_SIZE - (r->end - k))
            want = SNIFF_SIZE - (r->end - k);
        if (src_read(r, r->buf + r->end, want, &got, err) < 0)
            return r->fatal;
        r->end += got;
    }
    if (looks_utf8(r->buf + k, r->end - k < SNIFF_SIZE ? r->end - k : SNIFF_SIZE)) {
        r->enc = ENC_UTF8;
        return 0;
    }
    return switch_to_gb(r, k, err) < 0 ? r->fatal : 0;
}

/* Append text to buf.  Returns 1 when some was added, 0 at the end of input. */
static int
fill(struct csv_reader *r, struct zq_err *err)
{
    size_t before;

    if (r->start > 0) {
        memmove(r->buf, r->buf + r->start, r->end - r->start);
        r->end -= r->start;
        r->ascii_end = r->ascii_end > r->start ? r->ascii_end - r->start : 0;
        r->start = 0;
    }
    before = r->end;
    while (!r->eof && r->end == before) {
        size_t got, want;

        if (r->enc == ENC_GB18030)
            return fill_gb(r, err);
        if (r->src_eof) {
            r->eof = true;
            break;
        }
        if (r->end == r->cap && !grow(r))
            return too_big(r, err);
        want = r->cap - r->end;
        if (want > r->read_size)
            want = r->read_size;
        if (src_read(r, r->buf + r->end, want, &got, err) < 0)
            return r->fatal;
        r->end += got;
        if (r->enc == ENC_ASCII && sniff(r, err) < 0)
            return r->fatal;
    }
    return r->end > before;
}

/* ZQ_EINVAL when rec[0, len) (a record from line `line`) is not valid text. */
static int
check_text(struct csv_reader *r, const char *rec, size_t len, long line, struct zq_err *err)
{
    size_t i = ascii_span(rec, len);
    long l, c;
    bool cut;

    if (i == len)
        return 0;
    i += utf8_span(rec + i, len - i, &cut);
    if (i == len)
        return 0;
    locate(rec, rec + i, line, &l, &c);
    if (r->enc == ENC_GB18030)
        return csv_fail(r, err, ZQ_EINVAL, l, c, "内容不是有效的 GB18030 编码文字，该行已跳过");
    return csv_fail(r, err, ZQ_EINVAL, l, c,
                    "内容不是有效的 UTF-8 编码文字（文件前部按 UTF-8 识别），该行已跳过");
}

static int
too_many(struct csv_reader *r, long line, struct zq_err *err)
{
    return csv_fail(r, err, ZQ_ETOOBIG, line, 0, "字段数超过 %zu 个的上限", r->max_fields);
}

/* A record b[0, len) with no quote; has_nl when a newline follows it. */
static int
split_line(struct csv_reader *r, const char *b, size_t len, bool has_nl, struct tbl_row *row,
           struct zq_err *err)
{
    const char *p = b, *e = b + len;
    long line = r->line;
    size_t n = 0;

    if (len > 0 && e[-1] == '\r')
        e--;
    if ((size_t)(e - b) > r->max_record)
        return too_big(r, err);
    r->start += len + has_nl;
    r->line++;
    if (r->enc != ENC_ASCII && check_text(r, b, len, line, err) < 0)
        return ZQ_EINVAL;
    for (;;) {
        const char *c = memchr(p, ',', (size_t)(e - p));

        if (n == r->max_fields)
            return too_many(r, line, err);
        r->fields[n].p = p;
        if (c == NULL) {
            r->fields[n++].len = (size_t)(e - p);
            break;
        }
        r->fields[n++].len = (size_t)(c - p);
        p = c + 1;
    }
    if ((size_t)(e - b) == n - 1)
        return REC_BLANK;
    row->n = n;
    row->f = r->fields;
    row->line = line;
    return REC_ROW;
}

/* Fields end at e; more: bytes may follow e (then a field reaching e is
 * incomplete). */
static int
plain_field(const char **pp, const char *e, bool more, struct str *f)
{
    const char *s = *pp, *q = s;

    while (q < e && *q != ',' && *q != '\n')
        q++;
    if (q == e && more)
        return F_MORE;
    f->p = s;
    f->len = (size_t)(q - s);
    if (q < e && *q == ',') {
        *pp = q + 1;
        return F_COMMA;
    }
    if (f->len > 0 && q[-1] == '\r')
        f->len--;
    *pp = q < e ? q + 1 : q;
    return F_EOL;
}

static int
stray_after_quote(struct csv_reader *r, const char *b, const char *a, size_t n, struct zq_err *err)
{
    long l, c;

    locate(b, a, r->line, &l, &c);
    if ((unsigned char)*a >= 0x20 && (unsigned char)*a < 0x7F)
        return csv_fail(r, err, ZQ_ESYNTAX, l, c,
                        "第 %zu 个字段的右引号后应为逗号或换行，却是“%c”"
                        "（字段内的引号应写成两个引号 \"\"）",
                        n, *a);
    return csv_fail(r, err, ZQ_ESYNTAX, l, c,
                    "第 %zu 个字段的右引号后应为逗号或换行（字段内的引号应写成两个引号 \"\"）", n);
}

/* A field that starts with a quote at *pp (b: start of the record). */
static int
quoted_field(struct csv_reader *r, const char *b, const char **pp, const char *e, bool more,
             size_t n, struct str *f, struct zq_err *err)
{
    const char *s = *pp + 1, *seg = s, *q, *a;
    size_t off = r->slen;
    bool copied = false;

    for (;;) {
        q = memchr(s, '"', (size_t)(e - s));
        if (q == NULL || (q + 1 == e && more)) {
            if (more)
                return F_MORE;
            long l, c;
            locate(b, *pp, r->line, &l, &c);
            return csv_fail(r, err, ZQ_ESYNTAX, l, c,
                            "第 %zu 个字段以引号开始，但直到文件末尾都没有对应的右引号", n);
        }
        if ((size_t)(q + 1 - b) > r->max_record)
            return too_big(r, err);
        if (q + 1 < e && q[1] == '"') {
            if (r->scratch == NULL)
                r->scratch = zq_malloc(r->max_record + 1);
            memcpy(r->scratch + r->slen, seg, (size_t)(q + 1 - seg));
            r->slen += (size_t)(q + 1 - seg);
            copied = true;
            s = seg = q + 2;
            continue;
        }
        break;
    }
    if (copied) {
        memcpy(r->scratch + r->slen, seg, (size_t)(q - seg));
        r->slen += (size_t)(q - seg);
        f->p = r->scratch + off;
        f->len = r->slen - off;
    } else {
        f->p = seg;
        f->len = (size_t)(q - seg);
    }
    a = q + 1;
    if (a == e) {
        *pp = a;
        return F_EOL;
    }
    if (*a == ',' || *a == '\n') {
        *pp = a + 1;
        return *a == ',' ? F_COMMA : F_EOL;
    }
    if (*a == '\r' && a + 1 == e)
        return more ? F_MORE : (*pp = e, F_EOL);
    if (*a == '\r' && a[1] == '\n') {
        *pp = a + 2;
        return F_EOL;
    }
    return stray_after_quote(r, b, a, n, err);
}

/* Bytes of the record b[0, p) without its line end. */
static size_t
record_len(const char *b, const char *p)
{
    size_t n = (size_t)(p - b);

    if (n > 0 && b[n - 1] == '\n')
        n--;
    if (n > 0 && b[n - 1] == '\r')
        n--;
    return n;
}

/*
 * The general case: a record with quotes, which may span lines.  It is parsed
 * from its start each time more bytes arrive, and never past max_record + 2
 * bytes (a record and its CRLF): what lies beyond makes it too big.  So the
 * outcome depends on the bytes only, never on how they were read.
 */
static int
parse_quoted(struct csv_reader *r, struct tbl_row *row, struct zq_err *err)
{
    const char *b = r->buf + r->start, *e = r->buf + r->end, *p = b;
    bool cut = (size_t)(e - b) > r->max_record + 2, more = cut || !r->eof, blank = true;
    long line = r->line;
    size_t n = 0;
    int rc;

    if (cut)
        e = b + r->max_record + 2;
    r->slen = 0;
    do {
        if (n == r->max_fields)
            return too_many(r, line, err);
        if (p < e && *p == '"')
            rc = quoted_field(r, b, &p, e, more, n + 1, &r->fields[n], err);
        else
            rc = plain_field(&p, e, more, &r->fields[n]);
        if (rc < 0)
            return rc;
        if (rc == F_MORE)
            return cut ? too_big(r, err) : REC_MORE;
        blank = blank && r->fields[n].len == 0;
        n++;
    } while (rc == F_COMMA);
    if (record_len(b, p) > r->max_record)
        return too_big(r, err);
    for (const char *q = b; q < p; q++)
        r->line += *q == '\n';
    if (p == e && (p == b || p[-1] != '\n'))
        r->line++;
    r->start = (size_t)(p - r->buf);
    if (r->enc != ENC_ASCII && check_text(r, b, (size_t)(p - b), line, err) < 0)
        return ZQ_EINVAL;
    if (blank)
        return REC_BLANK;
    row->n = n;
    row->f = r->fields;
    row->line = line;
    return REC_ROW;
}

static int
parse_record(struct csv_reader *r, struct tbl_row *row, struct zq_err *err)
{
    const char *b = r->buf + r->start;
    size_t avail = r->end - r->start, len;
    const char *nl = memchr(b, '\n', avail);

    if (nl == NULL) {
        if (!r->eof && avail <= r->max_record + 1)
            return REC_MORE;
        if (!r->eof) /* too long already, unless a quote turns out to err earlier */
            return memchr(b, '"', avail) != NULL ? parse_quoted(r, row, err) : too_big(r, err);
        if (avail == 0)
            return 0;
        len = avail;
    } else {
        len = (size_t)(nl - b);
    }
    if (memchr(b, '"', len) != NULL)
        return parse_quoted(r, row, err);
    return split_line(r, b, len, nl != NULL, row, err);
}

int
csv_next(struct csv_reader *r, struct tbl_row *row, struct zq_err *err)
{
    if (r->fatal != 0) {
        if (err != NULL)
            *err = r->fatal_err;
        return r->fatal;
    }
    for (;;) {
        int rc = parse_record(r, row, err);

        if (rc == REC_MORE) {
            if (fill(r, err) < 0)
                return r->fatal;
        } else if (rc != REC_BLANK) {
            return rc;
        }
    }
}

/* Read the first bytes: a BOM decides the encoding; some files are not CSV. */
static int
check_start(struct csv_reader *r, struct zq_err *err)
{
    const unsigned char *u = (const unsigned char *)r->buf;

    while (r->end < 4 && !r->src_eof) {
        size_t got, want = r->cap - r->end;

        if (want > r->read_size)
            want = r->read_size;
        if (src_read(r, r->buf + r->end, want, &got, err) < 0)
            return r->fatal;
        r->end += got;
    }
    if (r->end >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        r->start = 3;
        r->enc = ENC_UTF8;
        return 0;
    }
    if (r->end >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return csv_fail(r, err, ZQ_EINVAL, 0, 0,
                        "文件是 UTF-16 编码（Excel 的“Unicode 文本”），不支持；"
                        "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx");
    if (r->end >= 4 && u[0] == 0xD0 && u[1] == 0xCF && u[2] == 0x11 && u[3] == 0xE0)
        return csv_fail(r, err, ZQ_EINVAL, 0, 0,
                        "文件是 Excel 97-2003 工作簿（.xls）或设置了打开密码的工作簿，不支持；"
                        "请取消密码并另存为 .xlsx 或 CSV");
    return sniff(r, err) < 0 ? r->fatal : 0;
}

int
csv_open(const struct csv_src *src, const char *name, const struct tbl_opts *o,
         struct csv_reader **out, struct zq_err *err)
{
    struct csv_reader *r = zq_calloc(1, sizeof(*r));
    int rc;

    *out = NULL;
    r->name = zq_strdup(name != NULL ? name : "");
    r->fd = src->fd;
    r->mem = src->mem;
    r->mem_len = src->fd < 0 ? src->mem_len : 0;
    r->total = src->total != 0 ? src->total : src->fd < 0 ? src->mem_len : 0;
    r->cd = (iconv_t)-1;
    r->max_record = o != NULL && o->max_record != 0 ? o->max_record : TBL_MAX_RECORD;
    r->max_fields = o != NULL && o->max_fields != 0 ? o->max_fields : TBL_MAX_FIELDS;
    r->read_size = o != NULL && o->buf_size != 0 ? o->buf_size : TBL_BUF_SIZE;
    if (r->read_size > 16 * TBL_BUF_SIZE)
        r->read_size = 16 * TBL_BUF_SIZE;
    r->cap = r->read_size < 64 ? 64 : r->read_size;
    if (r->cap < src->prefix_len + 4)
        r->cap = src->prefix_len + 4;
    /* the buffer holds at most a partial record, one read and the sniffing window */
    r->cap_max = r->max_record + 4 + r->cap + SNIFF_SIZE + MIN_ROOM;
    r->buf = zq_malloc(r->cap);
    r->fields = zq_malloc(r->max_fields * sizeof(struct str));
    r->line = 1;
    if (src->prefix_len > 0)
        memcpy(r->buf, src->prefix, src->prefix_len);
    r->end = src->prefix_len;
    r->done = src->prefix_len;
    rc = check_start(r, err);
    if (rc < 0) {
        csv_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

void
csv_close(struct csv_reader *r)
{
    if (r == NULL)
        return;
    if (r->cd != (iconv_t)-1)
        iconv_close(r->cd);
    zq_free(r->name);
    zq_free(r->buf);
    zq_free(r->raw);
    zq_free(r->fields);
    zq_free(r->scratch);
    zq_free(r);
}

const char *
csv_encoding(const struct csv_reader *r)
{
    return r->enc == ENC_GB18030 ? "GB18030" : "UTF-8";
}

void
csv_progress(const struct csv_reader *r, uint64_t *done, uint64_t *total)
{
    *done = r->done;
    *total = r->total;
}
