/*
 * phone.c - validation and normalisation of telephone numbers, and the masks
 * shown for phone and bank card numbers.
 *
 * Numbers reach zhiqian from complaint forms, hotline tickets and registration
 * sheets, written every way people write them ("138 1234 5678",
 * "(0755)1234-5678转801", "+86 138..."), so the parser first reduces the text to
 * digits and a few separators, then reads one of three shapes: mobile,
 * landline with area code, 400/800 service number.  The caller owns every
 * buffer; nothing here allocates.  See docs/validators.md.
 */
#include "core/phone.h"

#include <string.h>

/* Reduced text: digits, '+', '-' (one per run of separators) and '#' (the
 * extension separator). */
#define RED_CAP 40

struct red {
    char a[RED_CAP + 1];
    size_t n;
};

static bool
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool
all_digits(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(p[i]))
            return false;
    return n > 0;
}

static bool
emit(struct red *r, char c)
{
    if (c == '-' && (r->n == 0 || r->a[r->n - 1] == '-' || r->a[r->n - 1] == '#'))
        return true;
    if (c == '#' && r->n > 0 && r->a[r->n - 1] == '-')
        r->n--;
    if (r->n == RED_CAP)
        return false;
    r->a[r->n++] = c;
    return true;
}

static int
bad_char(struct zq_err *err, const char *p, size_t k)
{
    unsigned char c = (unsigned char)p[0];

    if (k > 1 || (c >= 0x21 && c < 0x7F))
        return zq_err_set(err, ZQ_EINVAL, "电话号码含有非法字符“%.*s”", (int)k, p);
    return zq_err_set(err, ZQ_EINVAL, "电话号码含有非法字符（0x%02X）", c);
}

/* Separator words: 转, 分机, ext / ext. / ext: (any case); length or 0. */
static size_t
ext_word(const char *p, size_t left)
{
    if (left >= 3 && memcmp(p, "\xE8\xBD\xAC", 3) == 0)
        return 3;
    if (left >= 6 && memcmp(p, "\xE5\x88\x86\xE6\x9C\xBA", 6) == 0)
        return 6;
    if (left >= 3 && (p[0] | 0x20) == 'e' && (p[1] | 0x20) == 'x' && (p[2] | 0x20) == 't')
        return left >= 4 && (p[3] == '.' || p[3] == ':') ? 4 : 3;
    return 0;
}

static int
reduce(struct str s, struct red *r, struct zq_err *err)
{
    size_t i = 0, k;

    r->n = 0;
    while (i < s.len) {
        char c;

        if ((k = ext_word(s.p + i, s.len - i)) > 0) {
            c = '#';
        } else {
            c = str_fold_char(s.p + i, s.len - i, &k);
            if (c == 'x' || c == 'X')
                c = '#';
            else if (c == ' ' || c == '\t' || c == ')')
                c = '-';
            else if (!is_digit(c) && c != '+' && c != '-' && c != '#' && c != '(')
                return bad_char(err, s.p + i, k);
        }
        /* '(' before an area code carries no information */
        if (c != '(' && !emit(r, c))
            return zq_err_set(err, ZQ_EINVAL, "电话号码过长");
        i += k;
    }
    while (r->n > 0 && r->a[r->n - 1] == '-')
        r->n--;
    r->a[r->n] = '\0';
    return 0;
}

/* Remove '-' in place; returns the new length. */
static size_t
squeeze(char *p, size_t n)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++)
        if (p[i] != '-')
            p[o++] = p[i];
    p[o] = '\0';
    return o;
}

static int
mobile(char *m, size_t n, bool has_ext, char out[PHONE_MAX + 1], struct zq_err *err)
{
    n = squeeze(m, n);
    if (!all_digits(m, n))
        return zq_err_set(err, ZQ_EINVAL, "手机号码只能由数字组成");
    if (n != 11)
        return zq_err_set(err, ZQ_EINVAL, "手机号码应为 11 位，实为 %zu 位", n);
    if (m[1] < '3')
        return zq_err_set(err, ZQ_EINVAL, "手机号码第二位应为 3–9，实为 %c", m[1]);
    if (has_ext)
        return zq_err_set(err, ZQ_EINVAL, "手机号码不能带分机号");
    memcpy(out, m, 12);
    return 0;
}

/* Finish out (n bytes so far) with the extension: either rest ("-123", after
 * the number) or ext (after 转, #, ...), not both. */
static int
with_ext(char out[PHONE_MAX + 1], size_t n, const char *rest, const char *ext, struct zq_err *err)
{
    size_t k;

    if (*rest == '-') {
        if (*ext != '\0')
            return zq_err_set(err, ZQ_EINVAL, "电话号码的分机号重复");
        ext = rest + 1;
    }
    k = strlen(ext);
    if (*rest == '-' && (k == 0 || k > PHONE_EXT_MAX || !all_digits(ext, k)))
        return zq_err_set(err, ZQ_EINVAL, "分机号应为 1–6 位数字");
    if (k > 0) {
        out[n++] = '-';
        memcpy(out + n, ext, k);
        n += k;
    }
    out[n] = '\0';
    return 0;
}

/* 10 digits (any '-' among them dropped), then '-' and an extension when ext
 * is still empty. */
static int
service(const char *m, const char *ext, char out[PHONE_MAX + 1], struct zq_err *err)
{
    size_t i, n = 0;

    for (i = 0; m[i] != '\0' && !(m[i] == '-' && n == 10); i++) {
        if (m[i] == '-')
            continue;
        if (!is_digit(m[i]))
            return zq_err_set(err, ZQ_EINVAL, "400/800 号码应为 10 位数字");
        if (n < 10)
            out[n] = m[i];
        n++;
    }
    if (n != 10)
        return zq_err_set(err, ZQ_EINVAL, "400/800 号码应为 10 位数字，实为 %zu 位", n);
    return with_ext(out, n, m + i, ext, err);
}

/* 0 + area code + subscriber (+ '-' extension when ext is still empty). */
static int
landline(const char *m, const char *ext, char out[PHONE_MAX + 1], struct zq_err *err)
{
    size_t alen = m[1] == '1' || m[1] == '2' ? 3 : 4, i, sn = 0;
    char sub[16];

    if (strlen(m) < alen || !all_digits(m, alen) || m[1] == '0' || (m[1] == '1' && m[2] != '0'))
        return zq_err_set(err, ZQ_EINVAL, "固定电话的区号“%.*s”不正确", (int)alen, m);
    i = alen + (m[alen] == '-');
    for (; m[i] != '\0'; i++) {
        if (m[i] == '-' && sn >= 7)
            break;
        if (m[i] == '-')
            continue;
        if (!is_digit(m[i]) || sn == 9)
            return zq_err_set(err, ZQ_EINVAL, "固定电话区号后的号码应为 7 或 8 位数字");
        sub[sn++] = m[i];
    }
    if (sn < 7 || sn > 8)
        return zq_err_set(err, ZQ_EINVAL, "固定电话区号后的号码应为 7 或 8 位，实为 %zu 位", sn);
    if (sub[0] == '0')
        return zq_err_set(err, ZQ_EINVAL, "固定电话区号后的号码不能以 0 开头");
    memcpy(out, m, alen);
    out[alen] = '-';
    memcpy(out + alen + 1, sub, sn);
    return with_ext(out, alen + 1 + sn, m + i, ext, err);
}

/* Drop +86, 0086 or (before a mobile) 86; *intl tells the caller it was there. */
static int
country(char **m, bool *intl, struct zq_err *err)
{
    char *p = *m;

    *intl = false;
    if (p[0] == '+' && strncmp(p, "+86", 3) != 0)
        return zq_err_set(err, ZQ_EINVAL, "仅受理中国大陆电话号码（国家代码 +86）");
    if (strncmp(p, "+86", 3) == 0 || strncmp(p, "0086", 4) == 0) {
        p += p[0] == '+' ? 3 : 4;
        *intl = true;
    } else if (p[0] == '8' && p[1] == '6' && (p[2] == '1' || (p[2] == '-' && p[3] == '1'))) {
        char d[RED_CAP + 1];
        size_t n = strlen(p);

        memcpy(d, p, n + 1);
        n = squeeze(d, n);
        if (n == 13 && all_digits(d, n))
            p += 2;
    }
    if (*p == '-')
        p++;
    *m = p;
    return 0;
}

static int
classify(char *m, const char *ext, char out[PHONE_MAX + 1], struct zq_err *err)
{
    size_t n;
    bool intl;
    int rc;

    if ((rc = country(&m, &intl, err)) < 0)
        return rc;
    n = strlen(m);
    if (n == 0 || !is_digit(m[0]) || strchr(m, '+') != NULL)
        return zq_err_set(err, ZQ_EINVAL, "电话号码格式不正确");
    if (m[0] == '1' && !(intl && m[1] == '0'))
        return mobile(m, n, *ext != '\0', out, err);
    if (strncmp(m, "400", 3) == 0 || strncmp(m, "800", 3) == 0)
        return service(m, ext, out, err);
    if (intl && m[0] != '0') {
        /* +86 10 1234 5678: the trunk 0 is dropped after a country code */
        char full[RED_CAP + 2] = "0";
        memcpy(full + 1, m, n + 1);
        return landline(full, ext, out, err);
    }
    if (m[0] == '0')
        return landline(m, ext, out, err);
    n = squeeze(m, n);
    if (n >= 7 && n <= 8 && all_digits(m, n))
        return zq_err_set(err, ZQ_EINVAL, "固定电话号码须带区号（如 010-12345678）");
    return zq_err_set(err, ZQ_EINVAL,
                      "无法识别的电话号码：应为 11 位手机号码、带区号的固定电话或 400/800 号码");
}

int
phone_parse(struct str s, char out[PHONE_MAX + 1], struct zq_err *err)
{
    struct red r;
    char *hash;
    const char *ext = "";
    char res[PHONE_MAX + 1];
    int rc;

    s = str_trim(s);
    if (s.len == 0)
        return zq_err_set(err, ZQ_EINVAL, "电话号码不能为空");
    if ((rc = reduce(s, &r, err)) < 0)
        return rc;
    if ((hash = strchr(r.a, '#')) != NULL) {
        *hash = '\0';
        ext = hash + 1;
        if (!all_digits(ext, strlen(ext)) || strlen(ext) > PHONE_EXT_MAX)
            return zq_err_set(err, ZQ_EINVAL, "分机号应为 1–6 位数字");
    }
    if ((rc = classify(r.a, ext, res, err)) < 0)
        return rc;
    memcpy(out, res, strlen(res) + 1);
    return 0;
}

static bool
printable(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] < 0x21 || p[i] > 0x7E)
            return false;
    return true;
}

/* Write "****" and the last 4 of the n >= 4 bytes at p at out + o. */
static void
stars_last4(char *out, size_t o, const char *p, size_t n)
{
    memcpy(out + o, "****", 4);
    memcpy(out + o + 4, p + n - 4, 4);
    out[o + 8] = '\0';
}

void
phone_mask(const char *phone, char out[PHONE_MAX + 1])
{
    size_t n = phone != NULL ? strnlen(phone, PHONE_MAX + 1) : 0;
    const char *dash, *end;

    memcpy(out, "****", 5);
    if (n == 0 || n > PHONE_MAX || !printable(phone, n))
        return;
    if (n == 11 && phone[0] == '1' && all_digits(phone, n)) {
        memcpy(out, phone, 3);
        stars_last4(out, 3, phone + 7, 4);
    } else if (phone[0] == '0' && (dash = strchr(phone, '-')) != NULL && dash - phone <= 4) {
        end = strchr(dash + 1, '-');
        if (end == NULL)
            end = phone + n;
        if (end - dash - 1 >= 4) {
            memcpy(out, phone, (size_t)(dash - phone) + 1);
            stars_last4(out, (size_t)(dash - phone) + 1, dash + 1, (size_t)(end - dash - 1));
        }
    } else if (n >= 10 && (strncmp(phone, "400", 3) == 0 || strncmp(phone, "800", 3) == 0)) {
        memcpy(out, phone, n + 1);
    } else if (n >= 8) {
        stars_last4(out, 0, phone, n);
    }
}

char *
bankcard_mask(const char *no, char *out, size_t cap)
{
    char m[BANKCARD_MASK_LEN];
    size_t n = no != NULL ? strnlen(no, 64) : 0;

    memcpy(m, "****", 5);
    if (n >= 9 && n < 64 && printable(no, n)) {
        memcpy(m, no, 4);
        stars_last4(m, 4, no, n);
    }
    if (cap > 0) {
        size_t k = strlen(m) < cap ? strlen(m) : cap - 1;
        memcpy(out, m, k);
        out[k] = '\0';
    }
    return out;
}
