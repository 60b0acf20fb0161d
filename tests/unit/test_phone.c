/*
 * Unit tests for core/phone: parsing and normalising telephone numbers, and
 * the phone and bank card masks.
 */
#include "core/phone.h"
#include "t.h"

struct phone_case {
    const char *in;
    const char *out; /* normalised when valid, NULL when refused */
    const char *why; /* message substring when refused */
};

static const struct phone_case cases[] = {
    /* mobiles */
    { "13812341234", "13812341234", NULL },
    { "19912345678", "19912345678", NULL },
    { "16612345678", "16612345678", NULL },
    { "138 1234 1234", "13812341234", NULL },
    { "138-1234-1234", "13812341234", NULL },
    { " 13812341234 ", "13812341234", NULL },
    { "\xE3\x80\x80"
      "13812341234\xE3\x80\x80",
      "13812341234", NULL },
    { "+8613812341234", "13812341234", NULL },
    { "+86 138 1234 1234", "13812341234", NULL },
    { "+86-13812341234", "13812341234", NULL },
    { "008613812341234", "13812341234", NULL },
    { "8613812341234", "13812341234", NULL },
    { "86-138-1234-1234", "13812341234", NULL },
    { "\xEF\xBC\x91\xEF\xBC\x93\xEF\xBC\x98\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94\xEF"
      "\xBC\x91\xEF\xBC\x92\xEF\xBC\x93\xEF\xBC\x94",
      "13812341234", NULL }, /* １３８１２３４１２３４ */
    { "\xEF\xBC\x8B"
      "86 138\xEF\xBC\x8D"
      "1234\xE3\x80\x80"
      "1234",
      "13812341234", NULL }, /* ＋86 138－1234　1234 */
    /* landlines */
    { "010-12345678", "010-12345678", NULL },
    { "01012345678", "010-12345678", NULL },
    { "(010)12345678", "010-12345678", NULL },
    { "(010) 1234 5678", "010-12345678", NULL },
    { "\xEF\xBC\x88"
      "010\xEF\xBC\x89"
      "12345678",
      "010-12345678", NULL }, /* （010）12345678 */
    { "010 1234 5678", "010-12345678", NULL },
    { "021-1234-5678", "021-12345678", NULL },
    { "029-88886666", "029-88886666", NULL },
    { "0755-1234567", "0755-1234567", NULL },
    { "075512345678", "0755-12345678", NULL },
    { "0755 - 12345678", "0755-12345678", NULL },
    { "0755-12345678-801", "0755-12345678-801", NULL },
    { "0755-12345678\xE8\xBD\xAC"
      "801",
      "0755-12345678-801", NULL },                                               /* 转 */
    { "0755-12345678 \xE5\x88\x86\xE6\x9C\xBA 801", "0755-12345678-801", NULL }, /* 分机 */
    { "0755-12345678 ext. 801", "0755-12345678-801", NULL },
    { "0755-12345678 EXT:801", "0755-12345678-801", NULL },
    { "0755-12345678x801", "0755-12345678-801", NULL },
    { "0755-12345678#801", "0755-12345678-801", NULL },
    { "0755-12345678-123456", "0755-12345678-123456", NULL },
    { "0755-1234567-8", "0755-1234567-8", NULL },
    { "0411-88886666", "0411-88886666", NULL },
    { "+86 10 12345678", "010-12345678", NULL },
    { "+86-755-12345678", "0755-12345678", NULL },
    { "+86 010 12345678", "010-12345678", NULL },
    { "0086 21 12345678", "021-12345678", NULL },
    /* 400/800 */
    { "400-123-4567", "4001234567", NULL },
    { "4001234567", "4001234567", NULL },
    { "800 123 4567", "8001234567", NULL },
    { "+86 400 123 4567", "4001234567", NULL },
    { "4001234567-2", "4001234567-2", NULL },
    { "400-123-4567-2", "4001234567-2", NULL },
    { "400-123-4567\xE8\xBD\xAC"
      "2",
      "4001234567-2", NULL },
    /* refused */
    { "", NULL, "电话号码不能为空" },
    { "   ", NULL, "电话号码不能为空" },
    { "1381234123", NULL, "手机号码应为 11 位，实为 10 位" },
    { "138123412345", NULL, "手机号码应为 11 位，实为 12 位" },
    { "12812341234", NULL, "手机号码第二位应为 3–9，实为 2" },
    { "10012341234", NULL, "第二位应为 3–9，实为 0" },
    { "11012341234", NULL, "第二位应为 3–9，实为 1" },
    { "10086", NULL, "手机号码应为 11 位，实为 5 位" },
    { "13812341234\xE8\xBD\xAC"
      "1",
      NULL, "手机号码不能带分机号" },
    { "+1 415 555 1234", NULL, "仅受理中国大陆电话号码" },
    { "+852 2123 4567", NULL, "仅受理中国大陆电话号码" },
    { "12345678", NULL, "手机号码应为 11 位" },
    { "22345678", NULL, "固定电话号码须带区号" },
    { "2345678", NULL, "固定电话号码须带区号" },
    { "010-0234567", NULL, "不能以 0 开头" },
    { "010-123456789", NULL, "应为 7 或 8 位，实为 9 位" },
    { "010-1234567890", NULL, "应为 7 或 8 位数字" },
    { "010-123456", NULL, "应为 7 或 8 位，实为 6 位" },
    { "011-12345678", NULL, "区号“011”不正确" },
    { "0010-12345678", NULL, "区号“0010”不正确" },
    { "010", NULL, "应为 7 或 8 位，实为 0 位" },
    { "0", NULL, "区号“0”不正确" },
    { "0755-12345678-1234567", NULL, "分机号应为 1–6 位数字" },
    { "0755-12345678\xE8\xBD\xAC"
      "1234567",
      NULL, "分机号应为 1–6 位数字" },
    { "0755-12345678\xE8\xBD\xAC"
      "801\xE8\xBD\xAC"
      "2",
      NULL, "分机号应为 1–6 位数字" },
    { "0755-12345678-801\xE8\xBD\xAC"
      "2",
      NULL, "分机号重复" },
    { "0755-12345678\xE8\xBD\xAC", NULL, "分机号应为 1–6 位数字" },
    { "138a1234", NULL, "电话号码含有非法字符“a”" },
    { "138.1234.1234", NULL, "非法字符“.”" },
    { "\xE9\x9B\xBB\xE8\xA9\xB1", NULL, "非法字符“電”" },
    { "138\xFF", NULL, "非法字符（0xFF）" },
    { "138\x7F"
      "12341234",
      NULL, "非法字符（0x7F）" },
    { "138\xE5\x85", NULL, "非法字符（0xE5）" },
    { "1381234123412341234123412341234123412341234", NULL, "电话号码过长" },
    { "5551234567", NULL, "无法识别的电话号码" },
    { "95588", NULL, "无法识别的电话号码" },
    { "400-123-456", NULL, "400/800 号码应为 10 位数字，实为 9 位" },
    { "4001234567890", NULL, "实为 13 位" },
    { "+86", NULL, "电话号码格式不正确" },
    { "#123", NULL, "电话号码格式不正确" },
    { "138+1234", NULL, "电话号码格式不正确" },
    { "-", NULL, "电话号码格式不正确" },
    { 0 },
};

static void
test_parse(void)
{
    for (const struct phone_case *c = cases; c->in != NULL; c++) {
        char out[PHONE_MAX + 1] = "untouched";
        struct zq_err e;
        int rc;

        zq_err_clear(&e);
        rc = phone_parse(str_from(c->in), out, &e);
        if (c->out != NULL) {
            T_EQ_INT(rc, 0);
            if (rc != 0)
                fprintf(stderr, "     input \"%s\": %s\n", c->in, e.msg);
            T_EQ_STR(out, c->out);
            /* the normalised form parses to itself */
            T_EQ_INT(phone_parse(str_from(out), out, NULL), 0);
            T_EQ_STR(out, c->out);
        } else {
            T_EQ_INT(rc, ZQ_EINVAL);
            if (rc == 0)
                fprintf(stderr, "     input \"%s\" gave \"%s\"\n", c->in, out);
            T_EQ_INT(e.code, ZQ_EINVAL);
            T_CONTAINS(e.msg, c->why);
            T_CHECK(utf8_valid(e.msg, strlen(e.msg)));
            T_EQ_STR(out, "untouched");
        }
    }
}

/* Messages never repeat the number. */
static void
test_no_echo(void)
{
    static const char *const ins[] = { "1381234123", "010-0234567", "0755-12345678-1234567",
                                       "13812341234\xE8\xBD\xAC"
                                       "1" };
    for (size_t i = 0; i < sizeof(ins) / sizeof(ins[0]); i++) {
        char out[PHONE_MAX + 1];
        struct zq_err e;

        zq_err_clear(&e);
        T_EQ_INT(phone_parse(str_from(ins[i]), out, &e), ZQ_EINVAL);
        T_CHECK(strstr(e.msg, "1234") == NULL);
    }
}

static void
test_embedded_nul(void)
{
    char out[PHONE_MAX + 1];
    struct zq_err e;

    zq_err_clear(&e);
    T_EQ_INT(phone_parse((struct str){ "138\0"
                                       "12341234",
                                       11 },
                         out, &e),
             ZQ_EINVAL);
    T_CONTAINS(e.msg, "0x00");
    T_EQ_INT(phone_parse((struct str){ "13812341234999", 11 }, out, NULL), 0);
    T_EQ_STR(out, "13812341234");
    T_EQ_INT(phone_parse(str_from("13812341234"), out, NULL), 0);
}

struct mask_case {
    const char *in, *out;
};

static const struct mask_case mask_cases[] = {
    { "13812341234", "138****1234" },
    { "010-12345678", "010-****5678" },
    { "0755-1234567", "0755-****4567" },
    { "0755-1234567-801", "0755-****4567" },
    { "4001234567", "4001234567" },
    { "4001234567-2", "4001234567-2" },
    { "8001234567", "8001234567" },
    { "", "****" },
    { "123", "****" },
    { "1234567", "****" },
    { "12345678", "****5678" },
    { "010-123", "****" },
    { "1381234123\xE5\x85\x83", "****" },
    { "13812341234 ", "****" },
    { "123456789012345678901", "****" }, /* longer than any normalised number */
    { NULL, NULL },
};

static void
test_phone_mask(void)
{
    char out[PHONE_MAX + 1];

    for (const struct mask_case *c = mask_cases; c->in != NULL; c++) {
        phone_mask(c->in, out);
        T_EQ_STR(out, c->out);
    }
    phone_mask(NULL, out);
    T_EQ_STR(out, "****");
    /* every accepted form masks to something without the middle digits */
    for (const struct phone_case *c = cases; c->in != NULL; c++) {
        char norm[PHONE_MAX + 1];
        if (c->out == NULL || phone_parse(str_from(c->in), norm, NULL) != 0)
            continue;
        phone_mask(norm, out);
        T_CHECK(strlen(out) <= PHONE_MAX);
        if (norm[0] != '4' && norm[0] != '8')
            T_CHECK(strstr(out, "****") != NULL);
    }
}

static void
test_bankcard_mask(void)
{
    char out[BANKCARD_MASK_LEN], small[5];

    T_EQ_STR(bankcard_mask("6222021234567890123", out, sizeof(out)), "6222****0123");
    T_EQ_STR(bankcard_mask("123456789", out, sizeof(out)), "1234****6789");
    T_EQ_STR(bankcard_mask("12345678", out, sizeof(out)), "****");
    T_EQ_STR(bankcard_mask("", out, sizeof(out)), "****");
    T_EQ_STR(bankcard_mask(NULL, out, sizeof(out)), "****");
    T_EQ_STR(bankcard_mask("6222 0212 3456 7890", out, sizeof(out)), "****");
    T_EQ_STR(bankcard_mask("62220212345678\xE5\x85\x83", out, sizeof(out)), "****");
    T_EQ_STR(bankcard_mask("44050155010800000123", out, sizeof(out)), "4405****0123");
    T_EQ_STR(bankcard_mask("6222021234567890123", small, sizeof(small)), "6222");
    T_EQ_STR(bankcard_mask("6222021234567890123", small, 1), "");
    small[0] = 'z';
    bankcard_mask("6222021234567890123", small, 0);
    T_CHECK(small[0] == 'z');
}

static const struct t_case t_cases[] = {
    { "parse", test_parse },
    { "no echo", test_no_echo },
    { "embedded NUL", test_embedded_nul },
    { "phone mask", test_phone_mask },
    { "bank card mask", test_bankcard_mask },
    { 0 },
};
T_MAIN(t_cases)
