/*
 * idcard.c - validation, normalisation and masking of 居民身份证号码.
 *
 * Outside input arrives typed, pasted from Excel or from a phone keyboard, so
 * the parser folds the harmless variants (full-width characters, a lower-case
 * x, surrounding spaces) and refuses the rest with one precise reason.  The
 * caller owns every buffer; nothing here allocates.  See docs/validators.md.
 */
#include "core/idcard.h"

#include <assert.h>
#include <string.h>

#define FOLD_CAP 32

/* The original character for a message: itself when printable, else 0xNN. */
static const char *
show(struct str orig, char buf[16])
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned char c = (unsigned char)orig.p[0];

    if (orig.len > 1 || (c >= 0x20 && c < 0x7F)) {
        memcpy(buf, orig.p, orig.len);
        buf[orig.len] = '\0';
    } else {
        buf[0] = '0';
        buf[1] = 'x';
        buf[2] = hex[c >> 4];
        buf[3] = hex[c & 15];
        buf[4] = '\0';
    }
    return buf;
}

static int
bad_char(struct zq_err *err, size_t pos, struct str orig)
{
    char b[16];

    if (orig.len == 1 && orig.p[0] == ' ')
        return zq_err_set(err, ZQ_EINVAL, "身份证号码中间不能有空格（第 %zu 位）", pos);
    return zq_err_set(err, ZQ_EINVAL, "身份证号码第 %zu 位“%s”不是数字（只有最后一位可以是 X）",
                      pos, show(orig, b));
}

/* Province codes of GB/T 2260, plus 83 on residence permits for Taiwan residents. */
static bool
province_ok(int p)
{
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) ||
           (p >= 41 && p <= 46) || (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 ||
           p == 81 || p == 82 || p == 83;
}

static int
num(const char *p, int n)
{
    int v = 0;

    for (int i = 0; i < n; i++)
        v = v * 10 + (p[i] - '0');
    return v;
}

static int
check_birth(const char *id, struct zq_err *err)
{
    int y = num(id + 6, 4), m = num(id + 10, 2), d = num(id + 12, 2);
    const char *b = id + 6;

    if (y < DATE_MIN_YEAR)
        return zq_err_set(err, ZQ_EINVAL, "身份证号码中的出生日期 %.8s 早于 1900 年", b);
    if (m < 1 || m > 12 || d < 1 || d > date_days_in_month(y, m))
        return zq_err_set(err, ZQ_EINVAL, "身份证号码中的出生日期 %.8s 不存在", b);
    if (!date_valid_ymd(y, m, d) || date_from_ymd(y, m, d) > date_today())
        return zq_err_set(err, ZQ_EINVAL, "身份证号码中的出生日期 %.8s 晚于今天", b);
    return 0;
}

char
idcard_check_char(const char *id17)
{
    static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        if (id17[i] < '0' || id17[i] > '9')
            return '\0';
        sum += (id17[i] - '0') * w[i];
    }
    return "10X98765432"[sum % 11];
}

/* Characters, length and the place of X; fills id (18 chars + NUL). */
static int
check_shape(const struct str_fch *f, size_t n, char id[IDCARD_LEN + 1], struct zq_err *err)
{
    size_t i, m = n < FOLD_CAP ? n : FOLD_CAP;
    bool digits = true;

    if (n == 0)
        return zq_err_set(err, ZQ_EINVAL, "身份证号码不能为空");
    for (i = 0; i < m; i++) {
        char c = f[i].c;
        if (c == 'x' || c == 'X')
            digits = false;
        else if (c < '0' || c > '9')
            return bad_char(err, i + 1, f[i].orig);
    }
    if (n == 15 && digits)
        return zq_err_set(err, ZQ_EINVAL, "15 位旧身份证号码不再受理，请提供 18 位号码");
    if (n != IDCARD_LEN)
        return zq_err_set(err, ZQ_EINVAL, "身份证号码应为 18 位，实为 %zu 位", n);
    for (i = 0; i < IDCARD_LEN; i++) {
        id[i] = f[i].c == 'x' ? 'X' : f[i].c;
        if (id[i] == 'X' && i + 1 < IDCARD_LEN)
            return zq_err_set(err, ZQ_EINVAL,
                              "身份证号码第 %zu 位不能是 X（只有最后一位校验位可以是 X）", i + 1);
    }
    id[IDCARD_LEN] = '\0';
    return 0;
}

int
idcard_parse(struct str s, char out[IDCARD_LEN + 1], struct zq_err *err)
{
    struct str_fch f[FOLD_CAP];
    char id[IDCARD_LEN + 1], want;
    size_t n = str_fold(str_trim(s), f, FOLD_CAP, false);
    int rc;

    if ((rc = check_shape(f, n, id, err)) < 0)
        return rc;
    if (strspn(id, "0") == IDCARD_LEN)
        return zq_err_set(err, ZQ_EINVAL, "身份证号码不能全为 0");
    if (!province_ok(num(id, 2)))
        return zq_err_set(err, ZQ_EINVAL, "身份证号码前两位“%.2s”不是有效的省级行政区划代码", id);
    if ((rc = check_birth(id, err)) < 0)
        return rc;
    want = idcard_check_char(id);
    if (want != id[17])
        return zq_err_set(err, ZQ_EINVAL, "身份证号码校验位错误：应为 %c，实为 %c", want, id[17]);
    memcpy(out, id, sizeof(id));
    return 0;
}

zq_date
idcard_birth(const char *id)
{
    int y = num(id + 6, 4), m = num(id + 10, 2), d = num(id + 12, 2);

    assert(date_valid_ymd(y, m, d));
    return date_from_ymd(y, m, d);
}

int
idcard_sex(const char *id)
{
    assert(id[16] >= '0' && id[16] <= '9');
    return (id[16] - '0') % 2 == 1 ? IDCARD_MALE : IDCARD_FEMALE;
}

void
idcard_mask(const char *id, char out[IDCARD_LEN + 1])
{
    memset(out, '*', IDCARD_LEN);
    out[IDCARD_LEN] = '\0';
    if (id != NULL && strlen(id) == IDCARD_LEN) {
        for (int i = 0; i < IDCARD_LEN; i++)
            if (id[i] < 0x21 || id[i] > 0x7E)
                return;
        memcpy(out, id, 6);
        memcpy(out + 14, id + 14, 4);
    }
}
