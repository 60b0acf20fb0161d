/*
 * xlsx_book.c - what an XLSX reader reads before the first row: the
 * workbook (which sheet, which date system), its relationships (where the
 * parts are), the styles (which cells show dates) and the shared strings.
 *
 * struct xlsx_book owns everything it holds (paths, the sheet name, the
 * style table and the shared strings, capped at opts->max_sst bytes).  The
 * temporary lists built while reading the workbook are freed before
 * xlsx_book_load returns.
 */
#include "core/xlsx_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/alloc.h"

/* Caps on the lists read from the workbook; Excel's own limits are far lower
 * (64,000 cell formats, a few hundred number formats). */
#define MAX_SHEETS  1024
#define MAX_RELS    4096
#define MAX_FMTS    4096
#define MAX_XFS     65536
#define MAX_NAME    256 /* bytes kept of a sheet name */
#define MAX_PATHLEN 1024

/* ---- number formats ---- */

enum xlsx_kind
xlsx_builtin_kind(unsigned long id)
{
    /* ECMA-376 18.8.30, with the zh-CN built-ins 27-36 and 50-58 */
    static const unsigned char kinds[59] = {
        [14] = XK_DATE, [15] = XK_DATE, [16] = XK_DATE,  [17] = XK_MONTH,    [18] = XK_TIME,
        [19] = XK_TIME, [20] = XK_TIME, [21] = XK_TIME,  [22] = XK_DATETIME, [27] = XK_MONTH,
        [28] = XK_DATE, [29] = XK_DATE, [30] = XK_DATE,  [31] = XK_DATE,     [32] = XK_TIME,
        [33] = XK_TIME, [34] = XK_TIME, [35] = XK_TIME,  [36] = XK_MONTH,    [45] = XK_TIME,
        [46] = XK_TIME, [47] = XK_TIME, [50] = XK_MONTH, [51] = XK_DATE,     [52] = XK_MONTH,
        [53] = XK_DATE, [54] = XK_DATE, [55] = XK_TIME,  [56] = XK_TIME,     [57] = XK_MONTH,
        [58] = XK_DATE,
    };

    return id < sizeof(kinds) ? (enum xlsx_kind)kinds[id] : XK_NUMBER;
}

enum xlsx_kind
xlsx_format_kind(const char *code)
{
    bool y = false, m = false, d = false, t = false;

    for (const char *p = code; *p != '\0'; p++) {
        char c = *p;

        if (c == '"') { /* literal text */
            while (p[1] != '\0' && p[1] != '"')
                p++;
            if (p[1] != '\0')
                p++;
        } else if (c == '[') { /* colour, locale, condition; [h] [mm] [ss] are elapsed time */
            const char *q = strchr(p, ']');
            size_t n = q != NULL ? (size_t)(q - p - 1) : 0;
            if (n > 0 && strspn(p + 1, "hHmMsS") == n)
                t = true;
            if (q == NULL)
                break;
            p = q;
        } else if (c == '\\' || c == '_' || c == '*') { /* escaped, space, fill */
            if (p[1] == '\0')
                break;
            p++;
        } else if (strncasecmp(p, "AM/PM", 5) == 0 || strncasecmp(p, "A/P", 3) == 0) {
            t = true;
            p += (p[1] == 'M' || p[1] == 'm') ? 4 : 2;
        } else if (c == 'y' || c == 'Y') {
            y = true;
        } else if (c == 'm' || c == 'M') {
            m = true;
        } else if (c == 'd' || c == 'D') {
            d = true;
        } else if (c == 'h' || c == 'H' || c == 's' || c == 'S') {
            t = true;
        }
    }
    if (y || d || (m && !t))
        return t ? XK_DATETIME : (y && m && !d) ? XK_MONTH : XK_DATE;
    return t ? XK_TIME : XK_NUMBER;
}

/* ---- workbook, relationships, styles, shared strings ---- */

struct rel {
    char *id, *type, *target;
};

struct sheet_ent {
    char *name, *rid;
    bool hidden;
};

struct fmt_ent {
    unsigned long id;
    size_t seq; /* order of definition: a later one wins */
    enum xlsx_kind kind;
};

/* What the package parts say, collected while loading. */
struct meta {
    struct xlsx_book *b;
    size_t max_sst;
    struct rel *rels;
    size_t nrels, rels_cap;
    struct sheet_ent *sheets;
    size_t nsheets, sheets_cap;
    struct fmt_ent *fmts;
    size_t nfmts, fmts_cap;
    unsigned long *xf_fmt;
    size_t nxf, xf_cap;
    int xfs_depth; /* depth of <cellXfs>, 0 outside */
    bool in_si, in_t;
    int rph; /* inside <rPh> (phonetic hints, not part of the text) */
    size_t si_start;
};

/* Copy of s cut to at most max bytes at a character boundary. */
static char *
dup_capped(const char *s, size_t max)
{
    size_t n = strlen(s);

    if (n > max) {
        n = max;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    return zq_strndup(s, n);
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);

    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static bool
parse_ulong(const char *s, unsigned long *out)
{
    unsigned long v = 0;

    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (*s < '0' || *s > '9' || v > (ULONG_MAX - 9) / 10)
            return false;
        v = v * 10 + (unsigned long)(*s - '0');
    }
    *out = v;
    return true;
}

static void
rels_start(struct xml_ctx *c, const char *name, const char **atts)
{
    struct meta *m = c->user;
    const char *id = xml_attr(atts, "Id"), *type = xml_attr(atts, "Type");
    const char *target = xml_attr(atts, "Target"), *mode = xml_attr(atts, "TargetMode");
    struct rel *r;

    if (strcmp(name, "Relationship") != 0 || id == NULL || type == NULL || target == NULL ||
        (mode != NULL && strcmp(mode, "External") == 0) || m->nrels >= MAX_RELS)
        return;
    m->rels = zq_grow(m->rels, sizeof(*m->rels), m->nrels + 1, &m->rels_cap);
    r = &m->rels[m->nrels++];
    r->id = dup_capped(id, MAX_NAME);
    r->type = dup_capped(type, MAX_NAME);
    r->target = dup_capped(target, MAX_PATHLEN);
}

static void
rels_clear(struct meta *m)
{
    for (size_t i = 0; i < m->nrels; i++) {
        zq_free(m->rels[i].id);
        zq_free(m->rels[i].type);
        zq_free(m->rels[i].target);
    }
    m->nrels = 0;
}

static void
workbook_start(struct xml_ctx *c, const char *name, const char **atts)
{
    struct meta *m = c->user;

    if (strcmp(name, "workbookPr") == 0) {
        const char *v = xml_attr(atts, "date1904");
        m->b->date1904 = v != NULL && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
    } else if (strcmp(name, "sheet") == 0 && m->nsheets < MAX_SHEETS) {
        const char *sname = xml_attr(atts, "name"), *rid = xml_attr(atts, "id");
        const char *state = xml_attr(atts, "state");
        struct sheet_ent *s;

        if (rid == NULL)
            return;
        m->sheets = zq_grow(m->sheets, sizeof(*m->sheets), m->nsheets + 1, &m->sheets_cap);
        s = &m->sheets[m->nsheets++];
        s->name = dup_capped(sname != NULL ? sname : "", MAX_NAME);
        s->rid = dup_capped(rid, MAX_NAME);
        s->hidden = state != NULL && strcmp(state, "visible") != 0;
    }
}

static void
styles_start(struct xml_ctx *c, const char *name, const char **atts)
{
    struct meta *m = c->user;
    unsigned long id = 0;

    if (strcmp(name, "numFmt") == 0) {
        const char *code = xml_attr(atts, "formatCode");

        if (code == NULL || !parse_ulong(xml_attr(atts, "numFmtId"), &id) || m->nfmts >= MAX_FMTS)
            return;
        m->fmts = zq_grow(m->fmts, sizeof(*m->fmts), m->nfmts + 1, &m->fmts_cap);
        m->fmts[m->nfmts].id = id;
        m->fmts[m->nfmts].seq = m->nfmts;
        m->fmts[m->nfmts++].kind = xlsx_format_kind(code);
    } else if (strcmp(name, "cellXfs") == 0) {
        m->xfs_depth = c->depth;
    } else if (strcmp(name, "xf") == 0 && m->xfs_depth > 0 && c->depth == m->xfs_depth + 1 &&
               m->nxf < MAX_XFS) {
        if (!parse_ulong(xml_attr(atts, "numFmtId"), &id))
            id = 0;
        m->xf_fmt = zq_grow(m->xf_fmt, sizeof(*m->xf_fmt), m->nxf + 1, &m->xf_cap);
        m->xf_fmt[m->nxf++] = id;
    }
}

static void
styles_end(struct xml_ctx *c, const char *name)
{
    struct meta *m = c->user;

    if (strcmp(name, "cellXfs") == 0)
        m->xfs_depth = 0;
}

static void
sst_start(struct xml_ctx *c, const char *name, const char **atts)
{
    struct meta *m = c->user;

    (void)atts;
    if (strcmp(name, "si") == 0) {
        m->in_si = true;
        m->rph = 0;
        m->si_start = m->b->sst.len;
    } else if (!m->in_si) {
        return;
    } else if (strcmp(name, "rPh") == 0) {
        m->rph++;
    } else if (strcmp(name, "t") == 0 && m->rph == 0) {
        m->in_t = true;
    }
}

static void
sst_end(struct xml_ctx *c, const char *name)
{
    struct meta *m = c->user;
    struct xlsx_book *b = m->b;

    if (strcmp(name, "t") == 0) {
        m->in_t = false;
    } else if (strcmp(name, "rPh") == 0 && m->rph > 0) {
        m->rph--;
    } else if (strcmp(name, "si") == 0 && m->in_si) {
        size_t n = xlsx_unescape(b->sst.p + m->si_start, b->sst.len - m->si_start);

        m->in_si = false;
        b->sst.len = m->si_start + n;
        if (b->nsst >= m->max_sst / 16) {
            xml_fail(c, ZQ_ETOOBIG, "共享字符串超过 %zu 个的上限", m->max_sst / 16);
            return;
        }
        b->sst_ent = zq_grow(b->sst_ent, sizeof(*b->sst_ent), b->nsst + 1, &b->sst_cap);
        b->sst_ent[b->nsst].off = (uint32_t)m->si_start;
        b->sst_ent[b->nsst++].len = (uint32_t)n;
    }
}

static void
sst_text(struct xml_ctx *c, const char *s, int len)
{
    struct meta *m = c->user;

    if (m->in_t && buf_append(&m->b->sst, s, (size_t)len) < 0)
        xml_fail(c, ZQ_ETOOBIG, "共享字符串超过 %zu 字节的上限", m->max_sst);
}

/* Parse one part with the given handlers; a missing part is not an error. */
static int
load_part(struct xlsx_zip *z, const char *path, struct meta *m,
          void (*start)(struct xml_ctx *, const char *, const char **),
          void (*end)(struct xml_ctx *, const char *),
          void (*text)(struct xml_ctx *, const char *, int), uint64_t cap, bool *found,
          struct zq_err *err)
{
    struct xml_ctx c;
    int rc;

    xml_ctx_init(&c, z->name, path, m);
    c.start = start;
    c.end = end;
    c.text = text;
    rc = xlsx_parse_part(z, path, &c, cap, found, err);
    xml_ctx_fini(&c);
    return rc;
}

/* The part `target` names, relative to the folder of part `base`; NULL when
 * it does not fit. */
static char *
resolve(const char *base, const char *target)
{
    char out[MAX_PATHLEN + 1];
    size_t n = 0;
    const char *slash = strrchr(base, '/'), *p;

    if (*target == '/') {
        target++;
    } else if (slash != NULL) {
        n = (size_t)(slash - base) + 1;
        memcpy(out, base, n);
    }
    for (p = target; *p != '\0';) {
        size_t len = strcspn(p, "/");

        if ((len == 1 && p[0] == '.') || len == 0) {
            /* nothing */
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (n > 0)
                n--;
            while (n > 0 && out[n - 1] != '/')
                n--;
        } else {
            if (n + len + 1 > MAX_PATHLEN)
                return NULL;
            memcpy(out + n, p, len);
            n += len;
            if (p[len] == '/')
                out[n++] = '/';
        }
        p += len + (p[len] == '/');
    }
    out[n] = '\0';
    return zq_strdup(out);
}

/* The target of the first relationship of a type ending in `type` (or with
 * the id `id`), resolved against base; NULL when none. */
static char *
find_rel(const struct meta *m, const char *base, const char *type, const char *id)
{
    for (size_t i = 0; i < m->nrels; i++) {
        const struct rel *r = &m->rels[i];

        if ((id != NULL && strcmp(r->id, id) == 0) || (id == NULL && ends_with(r->type, type)))
            return id != NULL && !ends_with(r->type, type) ? NULL : resolve(base, r->target);
    }
    return NULL;
}

/* The first visible worksheet in workbook order, else the first worksheet. */
static void
choose_sheet(struct meta *m, const char *wb, struct xlsx_book *b)
{
    for (int pass = 0; pass < 2 && b->sheet_path == NULL; pass++) {
        for (size_t i = 0; i < m->nsheets; i++) {
            if (pass == 0 && m->sheets[i].hidden)
                continue;
            b->sheet_path = find_rel(m, wb, "/worksheet", m->sheets[i].rid);
            if (b->sheet_path != NULL) {
                b->sheet_name = zq_strdup(m->sheets[i].name);
                return;
            }
        }
    }
}

static int
cmp_fmt(const void *a, const void *b)
{
    const struct fmt_ent *x = a, *y = b;

    if (x->id != y->id)
        return x->id < y->id ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The kind of number format id: its last custom definition, else the
 * built-in (fmts sorted by id, then by order of definition). */
static enum xlsx_kind
fmt_kind(const struct meta *m, unsigned long id)
{
    size_t lo = 0, hi = m->nfmts;

    while (lo < hi) { /* the first entry with a greater id */
        size_t mid = lo + (hi - lo) / 2;
        if (m->fmts[mid].id <= id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0 && m->fmts[lo - 1].id == id)
        return m->fmts[lo - 1].kind;
    return xlsx_builtin_kind(id);
}

static void
resolve_styles(struct meta *m, struct xlsx_book *b)
{
    if (m->nfmts > 0)
        qsort(m->fmts, m->nfmts, sizeof(*m->fmts), cmp_fmt);
    b->nxf = m->nxf;
    b->xf_kind = zq_calloc(m->nxf + 1, 1);
    for (size_t i = 0; i < m->nxf; i++)
        b->xf_kind[i] = (unsigned char)fmt_kind(m, m->xf_fmt[i]);
}

static void
meta_fini(struct meta *m)
{
    rels_clear(m);
    zq_free(m->rels);
    for (size_t i = 0; i < m->nsheets; i++) {
        zq_free(m->sheets[i].name);
        zq_free(m->sheets[i].rid);
    }
    zq_free(m->sheets);
    zq_free(m->fmts);
    zq_free(m->xf_fmt);
}

static char *
rels_path_of(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t dir = slash != NULL ? (size_t)(slash - part) + 1 : 0;
    struct buf b;

    buf_init(&b, (size_t)2 * MAX_PATHLEN);
    if (buf_append(&b, part, dir) < 0 || buf_puts(&b, "_rels/") < 0 ||
        buf_puts(&b, part + dir) < 0 || buf_puts(&b, ".rels") < 0) {
        buf_fini(&b);
        return NULL;
    }
    return buf_steal(&b);
}

/* Find the workbook and read it with its relationships; decides the sheet,
 * and where styles and shared strings are (*styles, *sst: owned by caller). */
static int
load_workbook(struct xlsx_zip *z, struct meta *m, char **styles, char **sst, struct zq_err *err)
{
    struct xlsx_book *b = m->b;
    char *wb = NULL, *wbrels = NULL;
    bool found;
    int rc;

    rc = load_part(z, "_rels/.rels", m, rels_start, NULL, NULL, XLSX_MAX_META, &found, err);
    if (rc < 0)
        return rc;
    wb = find_rel(m, "", "/officeDocument", NULL);
    rels_clear(m);
    if (wb == NULL)
        wb = zq_strdup("xl/workbook.xml");
    rc = load_part(z, wb, m, workbook_start, NULL, NULL, XLSX_MAX_META, &found, err);
    if (rc < 0 || !found)
        goto out;
    wbrels = rels_path_of(wb);
    if (wbrels != NULL) {
        rc = load_part(z, wbrels, m, rels_start, NULL, NULL, XLSX_MAX_META, &found, err);
        if (rc < 0)
            goto out;
    }
    choose_sheet(m, wb, b);
    *styles = find_rel(m, wb, "/styles", NULL);
    *sst = find_rel(m, wb, "/sharedStrings", NULL);
out:
    zq_free(wb);
    zq_free(wbrels);
    return rc;
}

int
xlsx_book_load(struct xlsx_zip *z, const struct tbl_opts *o, struct xlsx_book *b,
               struct zq_err *err)
{
    struct meta m = { .b = b };
    char *styles = NULL, *sst = NULL;
    bool found;
    int rc;

    m.max_sst = o != NULL && o->max_sst != 0 ? o->max_sst : TBL_MAX_SST;
    if (m.max_sst > UINT32_MAX)
        m.max_sst = UINT32_MAX;
    buf_init(&b->sst, m.max_sst);
    if (buf_append(&b->sst, "", 0) < 0) /* so that sst.p is never NULL */
        return ZQ_EINTERNAL;
    rc = load_workbook(z, &m, &styles, &sst, err);
    if (rc < 0)
        goto out;
    if (b->sheet_path == NULL) {
        b->sheet_path = zq_strdup("xl/worksheets/sheet1.xml");
        b->sheet_name = zq_strdup("sheet1");
    }
    rc = load_part(z, styles != NULL ? styles : "xl/styles.xml", &m, styles_start, styles_end, NULL,
                   XLSX_MAX_META, &found, err);
    if (rc < 0)
        goto out;
    resolve_styles(&m, b);
    rc = load_part(z, sst != NULL ? sst : "xl/sharedStrings.xml", &m, sst_start, sst_end, sst_text,
                   z->max_part, &found, err);
out:
    zq_free(styles);
    zq_free(sst);
    meta_fini(&m);
    return rc;
}

void
xlsx_book_fini(struct xlsx_book *b)
{
    zq_free(b->sheet_name);
    zq_free(b->sheet_path);
    zq_free(b->xf_kind);
    buf_fini(&b->sst);
    zq_free(b->sst_ent);
    memset(b, 0, sizeof(*b));
}

static int
hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Excel writes characters XML cannot carry (and a literal "_x" followed by
 * four hex digits, as _x005F_x...) as _xHHHH_. */
size_t
xlsx_unescape(char *s, size_t n)
{
    size_t i = 0, o = 0;

    if (n < 7 || memmem(s, n, "_x", 2) == NULL)
        return n;
    while (i < n) {
        unsigned cp = 0;
        bool ok = i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_';

        for (int k = 2; ok && k < 6; k++) {
            int h = hexval(s[i + k]);
            ok = h >= 0;
            cp = cp << 4 | (unsigned)(h < 0 ? 0 : h);
        }
        if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            s[o++] = s[i++];
            continue;
        }
        if (cp < 0x80) {
            s[o++] = (char)cp;
        } else if (cp < 0x800) {
            s[o++] = (char)(0xC0 | cp >> 6);
            s[o++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[o++] = (char)(0xE0 | cp >> 12);
            s[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
            s[o++] = (char)(0x80 | (cp & 0x3F));
        }
        i += 7;
    }
    return o;
}
