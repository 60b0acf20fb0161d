/*
 * money.c - yuan text <-> int64 fen, and exact ratios of amounts.
 *
 * Parsing is strict on purpose: an amount is outside input from payroll and
 * bank files, and a value we cannot read exactly must be refused with a reason
 * a clerk understands, never guessed at.  Nothing here allocates; callers own
 * every buffer.  See docs/validators.md for the rules and why.
 */
#include "core/money.h"

#include <string.h>

__extension__ typedef __int128 i128;

static int
bad(struct zq_err *err, struct str s, const char *why)
{
    char ex[STR_EXCERPT_LEN];

    return zq_err_set(err, ZQ_EINVAL, "金额“%s”%s", str_excerpt(s, ex), why);
}

static bool
has(struct str s, const char *needle)
{
    size_t n = strlen(needle);

    for (size_t i = 0; i + n <= s.len; i++)
        if (memcmp(s.p + i, needle, n) == 0)
            return true;
    return false;
}

static bool
is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static struct str
trim_ascii(struct str s)
{
    while (s.len > 0 && is_blank(s.p[0])) {
        s.p++;
        s.len--;
    }
    while (s.len > 0 && is_blank(s.p[s.len - 1]))
        s.len--;
    return s;
}

/* 1e5, 1.5E+3: a number, then e or E, then a sign or a digit. */
static bool
exponent(struct str s)
{
    for (size_t i = 1; i + 1 < s.len; i++) {
        char a = s.p[i - 1], b = s.p[i + 1];
        if ((s.p[i] == 'e' || s.p[i] == 'E') && ((a >= '0' && a <= '9') || a == '.') &&
            ((b >= '0' && b <= '9') || b == '+' || b == '-'))
            return true;
    }
    return false;
}

/* Reasons found by looking for forbidden characters anywhere in the text, most
 * specific first.  NULL when none applies. */
static const char *
forbidden(struct str s)
{
    /* ¥, full-width ￥, $, 元 */
    static const char *const currency[] = { "\xC2\xA5", "\xEF\xBF\xA5", "$", "\xE5\x85\x83" };
    size_t i;

    for (i = 0; i < sizeof(currency) / sizeof(currency[0]); i++)
        if (has(s, currency[i]))
            return "不能含货币符号或单位（“¥”“元”等），只填数字";
    if (has(s, ",") || has(s, "\xEF\xBC\x8C"))
        return "不能含千位分隔符";
    if (has(s, "\xE3\x80\x80") || has(s, "\xC2\xA0"))
        return "不能含全角空格或不换行空格";
    for (i = 0; i + 3 <= s.len; i++) {
        const unsigned char *u = (const unsigned char *)s.p + i;
        if (u[0] == 0xEF && u[1] == 0xBC && u[2] >= 0x8D && u[2] <= 0x99)
            return "不能含全角数字或符号，请使用半角数字";
    }
    for (i = 0; i < s.len; i++)
        if ((unsigned char)s.p[i] >= 0x80)
            return "含有非法字符，只能填写数字、小数点和负号";
    for (i = 0; i < s.len; i++)
        if (is_blank(s.p[i]))
            return "中间不能有空格";
    if (exponent(s))
        return "不能使用科学计数法";
    if (has(s, "+"))
        return "不能带正号“+”";
    return NULL;
}

static bool
plain(struct str s)
{
    for (size_t i = 0; i < s.len; i++)
        if ((s.p[i] < '0' || s.p[i] > '9') && s.p[i] != '.' && s.p[i] != '-')
            return false;
    return true;
}

/* Append one digit to v (a magnitude in fen), refusing to pass lim. */
static bool
push(uint64_t *v, unsigned d, uint64_t lim)
{
    if (*v > (lim - d) / 10)
        return false;
    *v = *v * 10 + d;
    return true;
}

/* The grammar: -?digits(.d{1,2})?  on text already free of forbidden bytes. */
static const char *
scan(struct str s, bool *neg, uint64_t *fen)
{
    size_t i = 0, nfrac = 0;
    bool dot = false, ovf = false;
    uint64_t lim, v = 0;

    *neg = s.len > 0 && s.p[0] == '-';
    i = *neg ? 1 : 0;
    lim = *neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
    if (i == s.len)
        return "缺少数字";
    if (s.p[i] == '.')
        return "小数点前须有数字（如 0.50）";
    for (; i < s.len; i++) {
        char c = s.p[i];
        if (c == '.') {
            if (dot)
                return "只能有一个小数点";
            dot = true;
        } else if (c == '-') {
            return "负号只能在最前面";
        } else if (c < '0' || c > '9') {
            return "含有非法字符，只能填写数字、小数点和负号";
        } else {
            nfrac += dot;
            ovf = ovf || !push(&v, (unsigned)(c - '0'), lim);
        }
    }
    if (s.p[s.len - 1] == '.')
        return "小数点后须有数字";
    if (nfrac > 2)
        return "最多两位小数";
    for (; nfrac < 2; nfrac++)
        ovf = ovf || !push(&v, 0, lim);
    if (ovf)
        return "超出可处理的范围";
    *fen = v;
    return NULL;
}

int
money_parse(struct str s, int64_t *fen, struct zq_err *err)
{
    const char *why;
    bool neg;
    uint64_t v;

    s = trim_ascii(s);
    if (s.len == 0)
        return zq_err_set(err, ZQ_EINVAL, "金额不能为空");
    /* text of digits, '.' and '-' only (nearly every amount of a file) has
     * none of the forbidden bytes: scan() alone judges it */
    why = plain(s) ? NULL : forbidden(s);
    if (why == NULL)
        why = scan(s, &neg, &v);
    if (why != NULL)
        return bad(err, s, why);
    *fen = neg ? (int64_t)(0 - v) : (int64_t)v;
    return 0;
}

/* Digits of fen written backwards from end; returns the first byte. */
static char *
format(int64_t fen, char *buf, size_t cap, bool grouped)
{
    uint64_t u = fen < 0 ? 0 - (uint64_t)fen : (uint64_t)fen;
    uint64_t yuan = u / 100;
    char *p = buf + cap - 1;
    int n = 0;

    *p = '\0';
    *--p = (char)('0' + u % 10);
    *--p = (char)('0' + u / 10 % 10);
    *--p = '.';
    do {
        if (grouped && n > 0 && n % 3 == 0)
            *--p = ',';
        *--p = (char)('0' + yuan % 10);
        yuan /= 10;
        n++;
    } while (yuan > 0);
    if (fen < 0)
        *--p = '-';
    return p;
}

char *
money_format(int64_t fen, char buf[MONEY_STR_LEN])
{
    char tmp[MONEY_STR_LEN];
    const char *p = format(fen, tmp, sizeof(tmp), false);

    memmove(buf, p, (size_t)(tmp + sizeof(tmp) - p));
    return buf;
}

char *
money_format_grouped(int64_t fen, char buf[MONEY_GROUPED_LEN])
{
    char tmp[MONEY_GROUPED_LEN];
    const char *p = format(fen, tmp, sizeof(tmp), true);

    memmove(buf, p, (size_t)(tmp + sizeof(tmp) - p));
    return buf;
}

int
money_mul_ratio(int64_t fen, int64_t num, int64_t den, int64_t *out)
{
    i128 p, q, r, ar, ad;

    if (den == 0)
        return ZQ_EINVAL;
    p = (i128)fen * num;
    q = p / den;
    r = p % den;
    ar = r < 0 ? -r : r;
    ad = den < 0 ? -(i128)den : (i128)den;
    /* |remainder| >= |den|/2 rounds away from zero; the sign of the exact
     * quotient is the sign of p/den even when q truncated to 0 */
    if (2 * ar >= ad)
        q += (p < 0) != (den < 0) ? -1 : 1;
    if (q > INT64_MAX || q < INT64_MIN)
        return ZQ_EINVAL;
    *out = (int64_t)q;
    return 0;
}
