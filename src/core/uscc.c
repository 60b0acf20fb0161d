/*
 * uscc.c - validation and normalisation of 统一社会信用代码.
 *
 * Codes arrive from registration extracts, contracts typed by hand and bank
 * files, so harmless variants (full-width characters, lower case, surrounding
 * spaces) are folded and everything else is refused with one precise reason.
 * The caller owns every buffer; nothing here allocates.  See
 * docs/validators.md.
 */
#include "core/uscc.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

#define FOLD_CAP 32

static int bad(struct zq_err *err, struct str s, const char *fmt, ...) ZQ_PRINTF(3, 4);

static int
bad(struct zq_err *err, struct str s, const char *fmt, ...)
{
    char ex[STR_EXCERPT_LEN], why[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    return zq_err_set(err, ZQ_EINVAL, "统一社会信用代码“%s”%s", str_excerpt(s, ex), why);
}

static int
value_of(char c)
{
    const char *q = c != '\0' ? strchr(alphabet, c) : NULL;

    return q != NULL ? (int)(q - alphabet) : -1;
}

char
uscc_check_char(const char *code17)
{
    static const int w[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
    int sum = 0;

    for (int i = 0; i < 17; i++) {
        int v = value_of(code17[i]);
        if (v < 0)
            return '\0';
        sum += v * w[i];
    }
    return alphabet[(31 - sum % 31) % 31];
}

/* The first character outside the alphabet, as a reason; 0 when none. */
static int
check_chars(struct str s, const struct str_fch *f, size_t m, struct zq_err *err)
{
    for (size_t i = 0; i < m; i++) {
        char c = f[i].c;
        if (value_of(c) >= 0)
            continue;
        if (c == ' ')
            return bad(err, s, "中间不能有空格");
        if (c == 'I' || c == 'O' || c == 'S' || c == 'V' || c == 'Z')
            return bad(err, s,
                       "不能含字母 %c（统一社会信用代码不使用 I、O、S、V、Z，"
                       "请检查是否应为数字 1、0、5 等）",
                       c);
        if (f[i].orig.len > 1)
            return bad(err, s, "第 %zu 位含有非法字符“%.*s”", i + 1, (int)f[i].orig.len,
                       f[i].orig.p);
        if (c >= 0x21 && c < 0x7F)
            return bad(err, s, "第 %zu 位含有非法字符“%c”", i + 1, c);
        return bad(err, s, "第 %zu 位含有非法字符", i + 1);
    }
    return 0;
}

int
uscc_parse(struct str s, char out[USCC_LEN + 1], struct zq_err *err)
{
    struct str_fch f[FOLD_CAP];
    char code[USCC_LEN + 1], want;
    size_t n;
    int rc;

    s = str_trim(s);
    n = str_fold(s, f, FOLD_CAP, true);
    if (n == 0)
        return zq_err_set(err, ZQ_EINVAL, "统一社会信用代码不能为空");
    if ((rc = check_chars(s, f, n < FOLD_CAP ? n : FOLD_CAP, err)) < 0)
        return rc;
    if (n != USCC_LEN)
        return bad(err, s, "应为 18 位，实为 %zu 位", n);
    for (size_t i = 0; i < USCC_LEN; i++)
        code[i] = f[i].c;
    code[USCC_LEN] = '\0';
    if (strspn(code, "0") == USCC_LEN)
        return bad(err, s, "不能全为 0（占位值不是有效代码）");
    want = uscc_check_char(code);
    if (want != code[17])
        return bad(err, (struct str){ code, USCC_LEN }, "校验位错误：应为 %c，实为 %c", want,
                   code[17]);
    memcpy(out, code, sizeof(code));
    return 0;
}
