/*
 * Unit tests for core/money: parsing yuan text into fen, formatting fen, and
 * rounded ratios of amounts.
 */
#include "core/money.h"
#include "t.h"

struct parse_case {
    const char *in;
    int rc;
    int64_t fen;     /* when rc == 0 */
    const char *why; /* substring of the message when rc < 0 */
};

static const struct parse_case parse_cases[] = {
    /* accepted */
    { "0", 0, 0, NULL },
    { "0.00", 0, 0, NULL },
    { "-0", 0, 0, NULL },
    { "-0.00", 0, 0, NULL },
    { "0.01", 0, 1, NULL },
    { "0.1", 0, 10, NULL },
    { "-0.5", 0, -50, NULL },
    { "-0.05", 0, -5, NULL },
    { "12345.67", 0, 1234567, NULL },
    { "12345.6", 0, 1234560, NULL },
    { "12345", 0, 1234500, NULL },
    { "007.10", 0, 710, NULL },
    { "00", 0, 0, NULL },
    { " 12.5 ", 0, 1250, NULL },
    { "\t1\r\n", 0, 100, NULL },
    { "1772.31", 0, 177231, NULL },
    { "92233720368547758.07", 0, INT64_MAX, NULL },
    { "-92233720368547758.08", 0, INT64_MIN, NULL },
    { "92233720368547758", 0, 9223372036854775800, NULL },
    { "-92233720368547758", 0, -9223372036854775800, NULL },
    { "000000000000000000000000000001.23", 0, 123, NULL },
    /* refused, each with its reason */
    { "", ZQ_EINVAL, 0, "金额不能为空" },
    { "   ", ZQ_EINVAL, 0, "金额不能为空" },
    { "1,234.00", ZQ_EINVAL, 0, "金额“1,234.00”不能含千位分隔符" },
    { "1,234", ZQ_EINVAL, 0, "千位分隔符" },
    { "1\xEF\xBC\x8C"
      "234",
      ZQ_EINVAL, 0, "千位分隔符" },
    { "1.234", ZQ_EINVAL, 0, "金额“1.234”最多两位小数" },
    { "0.001", ZQ_EINVAL, 0, "最多两位小数" },
    { "1.000", ZQ_EINVAL, 0, "最多两位小数" },
    { "1e5", ZQ_EINVAL, 0, "科学计数法" },
    { "1.5E+3", ZQ_EINVAL, 0, "科学计数法" },
    { "2E-2", ZQ_EINVAL, 0, "科学计数法" },
    { "1 234", ZQ_EINVAL, 0, "中间不能有空格" },
    { "12 .5", ZQ_EINVAL, 0, "中间不能有空格" },
    { "- 5", ZQ_EINVAL, 0, "中间不能有空格" },
    { "+5", ZQ_EINVAL, 0, "不能带正号" },
    { ".5", ZQ_EINVAL, 0, "小数点前须有数字" },
    { "-.5", ZQ_EINVAL, 0, "小数点前须有数字" },
    { ".", ZQ_EINVAL, 0, "小数点前须有数字" },
    { "5.", ZQ_EINVAL, 0, "小数点后须有数字" },
    { "-5.", ZQ_EINVAL, 0, "小数点后须有数字" },
    { "1.2.3", ZQ_EINVAL, 0, "只能有一个小数点" },
    { "1..2", ZQ_EINVAL, 0, "只能有一个小数点" },
    { "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93", ZQ_EINVAL, 0, "全角" }, /* １２３ */
    { "12\xEF\xBC\x8E"
      "5",
      ZQ_EINVAL, 0, "全角" }, /* 12．5 */
    { "\xEF\xBC\x8D"
      "5",
      ZQ_EINVAL, 0, "全角" }, /* －5 */
    { "\xC2\xA5"
      "100",
      ZQ_EINVAL, 0, "货币符号" }, /* ¥100 */
    { "\xEF\xBF\xA5"
      "100",
      ZQ_EINVAL, 0, "货币符号" },                          /* ￥100 */
    { "100\xE5\x85\x83", ZQ_EINVAL, 0, "货币符号或单位" }, /* 100元 */
    { "$5", ZQ_EINVAL, 0, "货币符号" },
    { "-", ZQ_EINVAL, 0, "缺少数字" },
    { "--5", ZQ_EINVAL, 0, "负号只能在最前面" },
    { "5-", ZQ_EINVAL, 0, "负号只能在最前面" },
    { "1.5-", ZQ_EINVAL, 0, "负号只能在最前面" },
    { "abc", ZQ_EINVAL, 0, "非法字符" },
    { "12a", ZQ_EINVAL, 0, "非法字符" },
    { "NaN", ZQ_EINVAL, 0, "非法字符" },
    { "inf", ZQ_EINVAL, 0, "非法字符" },
    { "0x10", ZQ_EINVAL, 0, "非法字符" },
    { "1_000", ZQ_EINVAL, 0, "非法字符" },
    { "1e", ZQ_EINVAL, 0, "非法字符" },
    { "1'000", ZQ_EINVAL, 0, "非法字符" },
    { "\xE3\x80\x80"
      "100",
      ZQ_EINVAL, 0, "空格" }, /* U+3000 before the digits */
    { "1\xC2\xA0"
      "000",
      ZQ_EINVAL, 0, "空格" }, /* no-break space */
    { "\xFF", ZQ_EINVAL, 0, "非法字符" },
    { "92233720368547758.08", ZQ_EINVAL, 0, "超出可处理的范围" },
    { "-92233720368547758.09", ZQ_EINVAL, 0, "超出可处理的范围" },
    { "92233720368547759", ZQ_EINVAL, 0, "超出可处理的范围" },
    { "99999999999999999999", ZQ_EINVAL, 0, "超出可处理的范围" },
    { "184467440737095516.16", ZQ_EINVAL, 0, "超出可处理的范围" }, /* 2^64 fen */
    { 0 },
};

static void
test_parse_table(void)
{
    for (const struct parse_case *c = parse_cases; c->in != NULL; c++) {
        struct zq_err e;
        int64_t fen = 424242;
        int rc;

        zq_err_clear(&e);
        rc = money_parse(str_from(c->in), &fen, &e);
        T_EQ_INT(rc, c->rc);
        if (rc != c->rc)
            fprintf(stderr, "     input \"%s\"\n", c->in);
        if (c->rc == 0) {
            T_CHECK(fen == c->fen);
            T_EQ_INT(e.code, 0);
        } else {
            T_EQ_INT(fen, 424242); /* not written on failure */
            T_EQ_INT(e.code, ZQ_EINVAL);
            T_CONTAINS(e.msg, c->why);
            T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
        }
    }
}

static void
test_parse_edges(void)
{
    struct zq_err e;
    int64_t fen = 7;
    char longv[300];
    struct str withnul = { "12\0"
                           "3",
                           4 };

    /* a NULL error record is allowed */
    T_EQ_INT(money_parse(str_from("1,0"), &fen, NULL), ZQ_EINVAL);
    T_EQ_INT(money_parse(str_from("1.5"), &fen, NULL), 0);
    T_EQ_INT(fen, 150);
    /* an embedded NUL is a character like any other */
    zq_err_clear(&e);
    T_EQ_INT(money_parse(withnul, &fen, &e), ZQ_EINVAL);
    T_CONTAINS(e.msg, "金额“12?3”");
    /* the slice's length is what counts, not a terminating NUL */
    T_EQ_INT(money_parse((struct str){ "12345", 3 }, &fen, NULL), 0);
    T_EQ_INT(fen, 12300);
    /* a long value is cut short in the message, and the message stays UTF-8 */
    memset(longv, 0, sizeof(longv));
    for (size_t i = 0; i + 3 < sizeof(longv); i += 3)
        memcpy(longv + i, "\xE5\x85\x83", 3); /* 元元元... */
    zq_err_clear(&e);
    T_EQ_INT(money_parse(str_from(longv), &fen, &e), ZQ_EINVAL);
    T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
    T_CONTAINS(e.msg, "...”");
    T_CHECK(strlen(e.msg) < 200);
    /* broken UTF-8 in the value is shown as '?' */
    zq_err_clear(&e);
    T_EQ_INT(money_parse(str_from("1\xE5\x85"), &fen, &e), ZQ_EINVAL);
    T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
    T_CONTAINS(e.msg, "“1??”");
}

struct fmt_case {
    int64_t fen;
    const char *plain, *grouped;
};

static const struct fmt_case fmt_cases[] = {
    { 0, "0.00", "0.00" },
    { 1, "0.01", "0.01" },
    { -1, "-0.01", "-0.01" },
    { 10, "0.10", "0.10" },
    { -50, "-0.50", "-0.50" },
    { 100, "1.00", "1.00" },
    { 99999, "999.99", "999.99" },
    { 100000, "1000.00", "1,000.00" },
    { -100000, "-1000.00", "-1,000.00" },
    { 1234567, "12345.67", "12,345.67" },
    { 10000000, "100000.00", "100,000.00" },
    { 123456789, "1234567.89", "1,234,567.89" },
    { -123456789, "-1234567.89", "-1,234,567.89" },
    { INT64_MAX, "92233720368547758.07", "92,233,720,368,547,758.07" },
    { INT64_MIN, "-92233720368547758.08", "-92,233,720,368,547,758.08" },
    { INT64_MIN + 1, "-92233720368547758.07", "-92,233,720,368,547,758.07" },
    { 0, NULL, NULL },
};

static void
test_format(void)
{
    for (const struct fmt_case *c = fmt_cases; c->plain != NULL; c++) {
        char b[MONEY_STR_LEN], g[MONEY_GROUPED_LEN];
        int64_t back = 0;

        T_EQ_STR(money_format(c->fen, b), c->plain);
        T_EQ_STR(money_format_grouped(c->fen, g), c->grouped);
        T_CHECK(strlen(b) < MONEY_STR_LEN && strlen(g) < MONEY_GROUPED_LEN);
        /* the plain form parses back to the same amount */
        T_EQ_INT(money_parse(str_from(b), &back, NULL), 0);
        T_CHECK(back == c->fen);
    }
}

static void
test_round_trip(void)
{
    uint64_t x = 88172645463325252ULL; /* xorshift: deterministic */
    int bad = 0;

    for (int i = 0; i < 100000; i++) {
        char b[MONEY_STR_LEN];
        int64_t fen, back = 0;

        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        /* spread over every magnitude, not just huge numbers */
        fen = (int64_t)(x >> (x % 64));
        if (x & 1)
            fen = -fen;
        money_format(fen, b);
        if (money_parse(str_from(b), &back, NULL) != 0 || back != fen)
            bad++;
    }
    T_EQ_INT(bad, 0);
}

struct ratio_case {
    int64_t fen, num, den;
    int rc;
    int64_t out;
};

static const struct ratio_case ratio_cases[] = {
    { 10000, 2, 100, 0, 200 },         /* 2% of 100 yuan */
    { 123456789, 2, 100, 0, 2469136 }, /* 2469135.78 fen */
    { 333, 2, 100, 0, 7 },             /* 6.66 */
    { 325, 2, 100, 0, 7 },             /* 6.5: half up */
    { 324, 2, 100, 0, 6 },             /* 6.48 */
    { -325, 2, 100, 0, -7 },           /* -6.5: away from zero */
    { -324, 2, 100, 0, -6 },
    { 1, 1, 2, 0, 1 }, /* 0.5 */
    { -1, 1, 2, 0, -1 },
    { 1, -1, 2, 0, -1 },
    { 1, 1, -2, 0, -1 },
    { -1, -1, 2, 0, 1 },
    { -1, 1, -2, 0, 1 },
    { 1, 1, 3, 0, 0 }, /* 0.33 */
    { 2, 1, 3, 0, 1 }, /* 0.67 */
    { -2, 1, 3, 0, -1 },
    { 5, 1, 10, 0, 1 }, /* 0.5 */
    { 4, 1, 10, 0, 0 },
    { -5, 1, 10, 0, -1 },
    { -4, 1, 10, 0, 0 },
    { 15, 1, 10, 0, 2 },   /* 1.5 */
    { 25, 1, 10, 0, 3 },   /* 2.5: not banker's rounding */
    { 149, 1, 100, 0, 1 }, /* 1.49 */
    { 150, 1, 100, 0, 2 },
    { 7, 0, 5, 0, 0 },
    { 0, 5, 7, 0, 0 },
    { 7, 5, 0, ZQ_EINVAL, 0 },
    { INT64_MAX, 1, 1, 0, INT64_MAX },
    { INT64_MIN, 1, 1, 0, INT64_MIN },
    { INT64_MAX, 2, 1, ZQ_EINVAL, 0 },
    { INT64_MAX, 3, 2, ZQ_EINVAL, 0 },
    { INT64_MIN, -1, 1, ZQ_EINVAL, 0 },
    { INT64_MIN, 1, -1, ZQ_EINVAL, 0 },
    { INT64_MIN, -1, 2, 0, 4611686018427387904 },
    { INT64_MAX, 1, 2, 0, 4611686018427387904 },      /* ...903.5 */
    { INT64_MIN, 1, 2, 0, -4611686018427387904 },     /* exact */
    { INT64_MIN + 1, 1, 2, 0, -4611686018427387904 }, /* ...903.5 */
    { INT64_MAX, 2, 2, 0, INT64_MAX },
    { INT64_MAX, INT64_MAX, INT64_MAX, 0, INT64_MAX },
    { INT64_MIN, INT64_MAX, INT64_MIN, 0, INT64_MAX },
    { INT64_MIN, INT64_MIN, INT64_MIN, 0, INT64_MIN },
    { INT64_MAX, INT64_MIN, INT64_MAX, 0, INT64_MIN },
    { INT64_MAX, INT64_MAX, 1, ZQ_EINVAL, 0 },
    { 1, 1, INT64_MIN, 0, 0 },          /* -1.08e-19 */
    { 3, INT64_MAX, INT64_MIN, 0, -3 }, /* -2.99999... */
    { 0, 0, 0, 0, 0 },
};

static void
test_mul_ratio(void)
{
    for (const struct ratio_case *c = ratio_cases; c->fen != 0 || c->num != 0 || c->den != 0; c++) {
        int64_t out = 31337;
        int rc = money_mul_ratio(c->fen, c->num, c->den, &out);

        T_EQ_INT(rc, c->rc);
        if (c->rc == 0)
            T_CHECK(out == c->out);
        else
            T_EQ_INT(out, 31337);
        if (rc != c->rc || (rc == 0 && out != c->out))
            fprintf(stderr, "     %" PRId64 " * %" PRId64 " / %" PRId64 " gave %" PRId64 "\n",
                    c->fen, c->num, c->den, out);
    }
}

/* Every result is the exact quotient rounded half away from zero: compare with
 * the quotient of 10 * fen * num (exact in 128 bits for these ranges). */
static void
test_mul_ratio_sweep(void)
{
    int bad = 0;

    for (int64_t fen = -1000; fen <= 1000; fen += 7)
        for (int64_t num = -13; num <= 13; num++)
            for (int64_t den = -11; den <= 11; den++) {
                int64_t out, p = fen * num, q, r;
                if (den == 0)
                    continue;
                if (money_mul_ratio(fen, num, den, &out) != 0) {
                    bad++;
                    continue;
                }
                /* out must satisfy |p - out*den| <= |den|/2, ties away from 0 */
                r = p - out * den;
                q = 2 * (r < 0 ? -r : r);
                if (q > (den < 0 ? -den : den))
                    bad++;
                if (q == (den < 0 ? -den : den) && ((p < 0) != (den < 0)) != (out < 0))
                    bad++;
            }
    T_EQ_INT(bad, 0);
}

static const struct t_case t_cases[] = {
    { "parse table", test_parse_table },
    { "parse edges", test_parse_edges },
    { "format", test_format },
    { "round trip", test_round_trip },
    { "mul ratio", test_mul_ratio },
    { "mul ratio sweep", test_mul_ratio_sweep },
    { 0 },
};
T_MAIN(t_cases)
