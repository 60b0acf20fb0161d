/*
 * Unit tests for core/uscc: parsing and normalising 统一社会信用代码 (GB
 * 32100-2015).
 *
 * Valid codes are made here with an independent check-character routine: the
 * weights are computed as 3^i mod 31, not copied from the module.
 */
#include "core/uscc.h"
#include "t.h"

static const char alpha[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
val(char c)
{
    for (int i = 0; i < 31; i++)
        if (alpha[i] == c)
            return i;
    return -1000;
}

/* code17 + its check character, in out[19]. */
static const char *
mk(const char *code17, char out[USCC_LEN + 1])
{
    int sum = 0, w = 1;

    for (int i = 0; i < 17; i++) {
        sum += val(code17[i]) * w;
        w = w * 3 % 31;
    }
    memcpy(out, code17, 17);
    out[17] = alpha[(31 - sum % 31) % 31];
    out[18] = '\0';
    return out;
}

struct uscc_case {
    const char *in;
    const char *out; /* normalised when valid, NULL when refused */
    const char *why; /* message substring when refused */
};

static const struct uscc_case fixed_cases[] = {
    { "91350100M000100Y43", "91350100M000100Y43", NULL },
    { "91350100m000100y43", "91350100M000100Y43", NULL },
    { " 91350100M000100Y43\t", "91350100M000100Y43", NULL },
    { "\xE3\x80\x80"
      "91350100M000100Y43\xE3\x80\x80",
      "91350100M000100Y43", NULL },
    /* full-width ９１３５０１００Ｍ０００１００Ｙ４３ and ｍ, ｙ */
    { "\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x95\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF"
      "\xBC\x90\xEF\xBC\xAD\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC"
      "\x90\xEF\xBC\xB9\xEF\xBC\x94\xEF\xBC\x93",
      "91350100M000100Y43", NULL },
    { "91350100\xEF\xBD\x8D"
      "000100\xEF\xBD\x99"
      "43",
      "91350100M000100Y43", NULL },
    /* refused */
    { "91350100M000100Y44", NULL,
      "统一社会信用代码“91350100M000100Y44”校验位错误：应为 3，实为 4" },
    { "91350100m000100y44", NULL, "“91350100M000100Y44”校验位错误：应为 3，实为 4" },
    { "91350100M00O100Y43", NULL, "不能含字母 O" },
    { "91350100M00o100Y43", NULL, "不能含字母 O" },
    { "I1350100M000100Y43", NULL, "不能含字母 I" },
    { "91350100M000100S43", NULL, "不能含字母 S" },
    { "91350100M000100V43", NULL, "不能含字母 V" },
    { "91350100M000100Z43", NULL, "不能含字母 Z" },
    { "91350100M000100Y4", NULL, "应为 18 位，实为 17 位" },
    { "91350100M000100Y433", NULL, "应为 18 位，实为 19 位" },
    { "9", NULL, "应为 18 位，实为 1 位" },
    { "", NULL, "统一社会信用代码不能为空" },
    { " \xE3\x80\x80", NULL, "统一社会信用代码不能为空" },
    { "000000000000000000", NULL, "不能全为 0" },
    { "91350100 M000100Y43", NULL, "中间不能有空格" },
    { "91350100-M000100Y43", NULL, "第 9 位含有非法字符“-”" },
    { "91350100M000100Y4\xE5\x85\xAC", NULL, "第 18 位含有非法字符“公”" },
    { "91350100M000100Y4\xEF\xBC\x8D", NULL, "第 18 位含有非法字符“－”" },
    { "91350100M000100Y4\xFF", NULL, "第 18 位含有非法字符" },
    { "91350100M000100Y4\x01", NULL, "第 18 位含有非法字符" },
    { 0 },
};

static void
run(const struct uscc_case *c)
{
    char out[USCC_LEN + 1] = "untouched";
    struct zq_err e;
    int rc;

    zq_err_clear(&e);
    rc = uscc_parse(str_from(c->in), out, &e);
    if (c->out != NULL) {
        T_EQ_INT(rc, 0);
        if (rc != 0)
            fprintf(stderr, "     input \"%s\": %s\n", c->in, e.msg);
        T_EQ_STR(out, c->out);
        T_EQ_INT(uscc_parse(str_from(out), out, NULL), 0);
        T_EQ_STR(out, c->out);
    } else {
        T_EQ_INT(rc, ZQ_EINVAL);
        T_EQ_INT(e.code, ZQ_EINVAL);
        T_CONTAINS(e.msg, c->why);
        T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
        T_EQ_STR(out, "untouched");
    }
}

static void
test_fixed(void)
{
    for (const struct uscc_case *c = fixed_cases; c->in != NULL; c++)
        run(c);
}

static void
test_generated(void)
{
    /* codes of several kinds of organisation; the last two have organisation
     * codes (characters 9-17) that fail GB 11714's own check digit, as on
     * registrations converted from old codes: still valid */
    static const char *const ok[] = {
        "91110000100000001", "12100000400000001", "52440300MJL000001", "93320500MA1N00001",
        "Y1440300L00000000", "91110000000000001", "91440300ABCDEFGH1",
    };
    char code[USCC_LEN + 1], low[USCC_LEN + 1];

    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        struct uscc_case c = { mk(ok[i], code), code, NULL };
        run(&c);
        T_CHECK(uscc_check_char(ok[i]) == code[17]);
        for (int k = 0; k <= USCC_LEN; k++)
            low[k] = code[k] >= 'A' && code[k] <= 'Z' ? (char)(code[k] + 32) : code[k];
        c.in = low;
        run(&c);
    }
}

/* Each alphabet character, at each place, gives a code that is accepted with
 * the right check character and refused with any other. */
static void
test_alphabet(void)
{
    int good = 0, bad = 0;

    for (int pos = 0; pos < 17; pos++)
        for (int a = 0; a < 31; a++) {
            char c17[18] = "91350100M000100Y4", code[USCC_LEN + 1], out[USCC_LEN + 1], right;
            c17[pos] = alpha[a];
            right = mk(c17, code)[17];
            if (uscc_parse(str_from(code), out, NULL) == 0)
                good++;
            for (int k = 0; k < 31; k++) {
                if (alpha[k] == right)
                    continue;
                code[17] = alpha[k];
                if (uscc_parse(str_from(code), out, NULL) == 0)
                    bad++;
            }
        }
    T_EQ_INT(good, 17 * 31);
    T_EQ_INT(bad, 0);
}

static void
test_check_char(void)
{
    T_CHECK(uscc_check_char("91350100M000100Y4") == '3');
    T_CHECK(uscc_check_char("91350100M000100O4") == '\0');
    T_CHECK(uscc_check_char("91350100m000100Y4") == '\0'); /* upper case only */
    T_CHECK(uscc_check_char("00000000000000000") == '0');
}

static void
test_embedded_nul(void)
{
    char out[USCC_LEN + 1];
    struct zq_err e;

    zq_err_clear(&e);
    T_EQ_INT(uscc_parse((struct str){ "91350100M0\0"
                                      "0100Y43",
                                      18 },
                        out, &e),
             ZQ_EINVAL);
    T_CONTAINS(e.msg, "第 11 位含有非法字符");
    T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
    T_EQ_INT(uscc_parse((struct str){ "91350100M000100Y43ZZZ", 18 }, out, NULL), 0);
    T_EQ_STR(out, "91350100M000100Y43");
}

static const struct t_case t_cases[] = {
    { "fixed cases", test_fixed },         { "generated codes", test_generated },
    { "alphabet", test_alphabet },         { "check character", test_check_char },
    { "embedded NUL", test_embedded_nul }, { 0 },
};
T_MAIN(t_cases)
