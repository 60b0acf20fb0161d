/*
 * Unit tests for core/idcard: parsing and normalising 居民身份证号码 (GB
 * 11643-1999), birth date and sex, masking.
 *
 * Valid numbers are made here with an independent check-character routine:
 * the weights are computed as 2^(18-i) mod 11, not copied from the module.
 */
#include <stdlib.h>

#include "core/idcard.h"
#include "t.h"

#define TODAY "2026-11-23"

/* prefix17 + its check character, in out[19]. */
static const char *
mk(const char *prefix17, char out[IDCARD_LEN + 1])
{
    int sum = 0, w = 1, r;

    for (int i = 16; i >= 0; i--) {
        w = w * 2 % 11;
        sum += (prefix17[i] - '0') * w;
    }
    r = (12 - sum % 11) % 11;
    memcpy(out, prefix17, 17);
    out[17] = r == 10 ? 'X' : (char)('0' + r);
    out[18] = '\0';
    return out;
}

/* The same number with a wrong check character. */
static const char *
mk_bad(const char *prefix17, char out[IDCARD_LEN + 1])
{
    mk(prefix17, out);
    out[17] = out[17] == '1' ? '2' : '1';
    return out;
}

struct id_case {
    const char *in;
    const char *out; /* normalised when valid, NULL when refused */
    const char *why; /* message substring when refused */
};

static const struct id_case fixed_cases[] = {
    { "11010519491231002X", "11010519491231002X", NULL },
    { "11010519491231002x", "11010519491231002X", NULL },
    { " 11010519491231002X ", "11010519491231002X", NULL },
    { "\t11010519491231002x\r\n", "11010519491231002X", NULL },
    { "\xE3\x80\x80"
      "11010519491231002X\xE3\x80\x80",
      "11010519491231002X", NULL },
    /* full width １１０１０５１９４９１２３１００２Ｘ, and with ｘ */
    { "\xEF\xBC\x91\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x91\xEF\xBC\x90\xEF\xBC\x95\xEF\xBC\x91\xEF"
      "\xBC\x99\xEF\xBC\x94\xEF\xBC\x99\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x91\xEF\xBC"
      "\x90\xEF\xBC\x90\xEF\xBC\x92\xEF\xBC\xB8",
      "11010519491231002X", NULL },
    { "110105194912310\xEF\xBC\x90\xEF\xBC\x92\xEF\xBD\x98", "11010519491231002X", NULL },
    /* refused */
    { "110105194912310021", NULL, "身份证号码校验位错误：应为 X，实为 1" },
    { "11010519491231002", NULL, "身份证号码应为 18 位，实为 17 位" },
    { "11010519491231002X1", NULL, "应为 18 位，实为 19 位" },
    { "110105491231002", NULL, "15 位旧身份证号码不再受理，请提供 18 位号码" },
    { "11010549123100X", NULL, "应为 18 位，实为 15 位" },
    { "1", NULL, "应为 18 位，实为 1 位" },
    { "1234567890123456789012345678901234567890", NULL, "应为 18 位，实为 40 位" },
    { "", NULL, "身份证号码不能为空" },
    { "  \xE3\x80\x80 ", NULL, "身份证号码不能为空" },
    { "11010519491231002A", NULL, "第 18 位“A”不是数字" },
    { "1101051949123100X2", NULL, "第 17 位不能是 X" },
    { "X10105194912310021", NULL, "第 1 位不能是 X" },
    { "110105 19491231002X", NULL, "中间不能有空格（第 7 位）" },
    { "110105-19491231002X", NULL, "第 7 位“-”不是数字" },
    { "11010519491231002\xE2\x85\xA9", NULL, "第 18 位“Ⅹ”不是数字" },  /* Roman numeral ten */
    { "11010519491231002\xEF\xBC\xA1", NULL, "第 18 位“Ａ”不是数字" }, /* full-width A */
    { "\xE8\xBA\xAB"
      "1010519491231002X",
      NULL, "第 1 位“身”不是数字" },
    { "11010519491231002\xFF", NULL, "第 18 位“0xFF”不是数字" },
    { "11010519491231002\xE5\x85", NULL, "第 18 位“0xE5”不是数字" },
    { "000000000000000000", NULL, "身份证号码不能全为 0" },
    { "440524188001010014", NULL, "出生日期 18800101 早于 1900 年" },
    { 0 },
};

static void
run(const struct id_case *c)
{
    char out[IDCARD_LEN + 1] = "untouched";
    struct zq_err e;
    int rc;

    zq_err_clear(&e);
    rc = idcard_parse(str_from(c->in), out, &e);
    if (c->out != NULL) {
        T_EQ_INT(rc, 0);
        if (rc != 0)
            fprintf(stderr, "     input \"%s\": %s\n", c->in, e.msg);
        T_EQ_STR(out, c->out);
        /* the normalised form parses to itself */
        T_EQ_INT(idcard_parse(str_from(out), out, NULL), 0);
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
    setenv("ZHIQIAN_TODAY", TODAY, 1);
    for (const struct id_case *c = fixed_cases; c->in != NULL; c++)
        run(c);
}

static void
test_embedded_nul(void)
{
    char out[IDCARD_LEN + 1];
    struct zq_err e;
    struct str s = { "11010519491231\0"
                     "02X",
                     18 };

    zq_err_clear(&e);
    T_EQ_INT(idcard_parse(s, out, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "第 15 位“0x00”不是数字");
    T_EQ_INT(idcard_parse(s, out, NULL), ZQ_EINVAL);
    /* only the slice's bytes count */
    T_EQ_INT(idcard_parse((struct str){ "11010519491231002X99", 18 }, out, NULL), 0);
}

struct gen_case {
    const char *prefix17;
    bool valid;      /* with the right check character */
    const char *why; /* when not */
};

static const struct gen_case gen_cases[] = {
    { "11010519840229001", true, NULL }, /* leap day */
    { "11010520000229001", true, NULL }, /* 2000 is a leap year */
    { "11010519000101001", true, NULL }, /* first accepted day */
    { "11010520261123001", true, NULL }, /* born today */
    { "65010219991231123", true, NULL },
    { "54010219700101456", true, NULL },
    { "71000019800615001", true, NULL }, /* Taiwan */
    { "81000019800615001", true, NULL }, /* Hong Kong */
    { "82000019800615001", true, NULL }, /* Macao */
    { "83000019800615001", true, NULL }, /* Taiwan residents' permit */
    { "11999919800615001", true, NULL }, /* county codes are not checked */
    { "11010519850229001", false, "出生日期 19850229 不存在" },
    { "11010519000229001", false, "出生日期 19000229 不存在" }, /* 1900 not leap */
    { "11010519840230001", false, "出生日期 19840230 不存在" },
    { "11010519840431001", false, "出生日期 19840431 不存在" },
    { "11010519841301001", false, "出生日期 19841301 不存在" },
    { "11010519840001001", false, "出生日期 19840001 不存在" },
    { "11010519840100001", false, "出生日期 19840100 不存在" },
    { "11010519840132001", false, "出生日期 19840132 不存在" },
    { "11010518991231001", false, "出生日期 18991231 早于 1900 年" },
    { "11010500000000001", false, "早于 1900 年" },
    { "11010520261124001", false, "出生日期 20261124 晚于今天" },
    { "11010520270101001", false, "晚于今天" },
    { "11010522000101001", false, "出生日期 22000101 晚于今天" },
    { "11010599991231001", false, "晚于今天" },
    { "10010519840101001", false, "前两位“10”不是有效的省级行政区划代码" },
    { "00010519840101001", false, "前两位“00”" },
    { "16010519840101001", false, "前两位“16”" },
    { "84010519840101001", false, "前两位“84”" },
    { "91010519840101001", false, "前两位“91”" },
    { NULL, false, NULL },
};

static void
test_generated(void)
{
    setenv("ZHIQIAN_TODAY", TODAY, 1);
    for (const struct gen_case *g = gen_cases; g->prefix17 != NULL; g++) {
        char id[IDCARD_LEN + 1], bad[IDCARD_LEN + 1];
        struct id_case c = { mk(g->prefix17, id), g->valid ? id : NULL, g->why };
        run(&c);
        if (g->valid) {
            struct id_case b = { mk_bad(g->prefix17, bad), NULL, "校验位错误" };
            run(&b);
        }
    }
}

/* Every province code in the list is accepted, every other one refused. */
static void
test_provinces(void)
{
    static const int ok[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34,
                              35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
                              53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83 };
    int accepted = 0, wrong = 0;

    setenv("ZHIQIAN_TODAY", TODAY, 1);
    for (int p = 0; p < 100; p++) {
        char prefix[18], id[IDCARD_LEN + 1], out[IDCARD_LEN + 1];
        bool want = false;

        memcpy(prefix, "0001051984010100", 16);
        prefix[0] = (char)('0' + p / 10);
        prefix[1] = (char)('0' + p % 10);
        prefix[16] = '3';
        prefix[17] = '\0';
        for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
            want = want || ok[i] == p;
        if (idcard_parse(str_from(mk(prefix, id)), out, NULL) == 0)
            accepted++;
        else if (want)
            wrong++;
        if (!want && idcard_parse(str_from(id), out, NULL) == 0)
            wrong++;
    }
    T_EQ_INT(accepted, 35);
    T_EQ_INT(wrong, 0);
}

/* For one prefix exactly one of the 11 check characters is accepted, and it is
 * the one idcard_check_char names; the lower-case x variant too. */
static void
test_check_char(void)
{
    static const char chars[] = "0123456789X";
    uint32_t x = 2463534242u;

    setenv("ZHIQIAN_TODAY", TODAY, 1);
    for (int n = 0; n < 2000; n++) {
        char prefix[18], id[IDCARD_LEN + 1], out[IDCARD_LEN + 1];
        int good = 0;

        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        memcpy(prefix, "11010519", 8);
        prefix[8] = (char)('0' + x % 10); /* 1900..1999 */
        prefix[9] = (char)('0' + x / 10 % 10);
        prefix[10] = '0';
        prefix[11] = (char)('1' + x / 100 % 9);  /* month 1..9 */
        prefix[12] = (char)('1' + x / 1000 % 2); /* day 10..28 */
        prefix[13] = (char)('0' + x / 10000 % 9);
        prefix[14] = (char)('0' + x / 100000 % 10);
        prefix[15] = (char)('0' + x / 1000000 % 10);
        prefix[16] = (char)('0' + x / 10000000 % 10);
        prefix[17] = '\0';
        mk(prefix, id);
        T_CHECK(idcard_check_char(prefix) == id[17]);
        for (int k = 0; k < 11; k++) {
            id[17] = chars[k];
            if (idcard_parse(str_from(id), out, NULL) == 0)
                good++;
        }
        T_EQ_INT(good, 1);
    }
    T_CHECK(idcard_check_char("1101051949123100A") == '\0');
    T_CHECK(idcard_check_char("11010519491231002") == 'X');
}

static void
test_birth_sex(void)
{
    char id[IDCARD_LEN + 1];

    T_EQ_INT(idcard_birth("11010519491231002X"), date_from_ymd(1949, 12, 31));
    T_EQ_INT(idcard_sex("11010519491231002X"), IDCARD_FEMALE);
    T_EQ_INT(idcard_birth(mk("11010519840229001", id)), date_from_ymd(1984, 2, 29));
    T_EQ_INT(idcard_sex(id), IDCARD_MALE);
    T_EQ_INT(idcard_sex(mk("11010519840229009", id)), IDCARD_MALE);
    T_EQ_INT(idcard_sex(mk("11010519840229000", id)), IDCARD_FEMALE);
    T_EQ_INT(idcard_birth(mk("44052419000101001", id)), date_from_ymd(1900, 1, 1));
}

static void
test_mask(void)
{
    char out[IDCARD_LEN + 1];

    idcard_mask("11010519491231002X", out);
    T_EQ_STR(out, "110105********002X");
    idcard_mask("440524190001010014", out);
    T_EQ_STR(out, "440524********0014");
    idcard_mask(NULL, out);
    T_EQ_STR(out, "******************");
    idcard_mask("", out);
    T_EQ_STR(out, "******************");
    idcard_mask("110105491231002", out); /* 15 digits: never shown */
    T_EQ_STR(out, "******************");
    idcard_mask("11010519491231002X9", out);
    T_EQ_STR(out, "******************");
    idcard_mask("110105194912\xE5\x85\x83"
                "02X",
                out);
    T_EQ_STR(out, "******************");
}

static const struct t_case t_cases[] = {
    { "fixed cases", test_fixed },
    { "embedded NUL", test_embedded_nul },
    { "generated numbers", test_generated },
    { "province codes", test_provinces },
    { "check character", test_check_char },
    { "birth and sex", test_birth_sex },
    { "mask", test_mask },
    { 0 },
};
T_MAIN(t_cases)
