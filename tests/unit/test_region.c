/*
 * Unit tests for core/region: the built-in GB/T 2260 table, look-ups,
 * containment ("is X within Y"), code syntax, and the CSV parser's errors.
 */
#include "core/region.h"
#include "t.h"

static struct region_table *
builtin(void)
{
    struct region_table *t = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    T_EQ_INT(region_table_load_builtin(&t, &err), 0);
    if (t == NULL) {
        fprintf(stderr, "region_table_load_builtin: %s\n", err.msg);
        abort();
    }
    return t;
}

static void
test_builtin_known_regions(void)
{
    static const struct {
        const char *code, *name, *parent;
        int level;
    } want[] = {
        { "110000", "北京市", "", REGION_PROVINCE },
        { "110100", "市辖区", "110000", REGION_CITY },
        { "110105", "朝阳区", "110100", REGION_COUNTY },
        { "330000", "浙江省", "", REGION_PROVINCE },
        { "330200", "宁波市", "330000", REGION_CITY },
        { "330281", "余姚市", "330200", REGION_COUNTY },
        { "330282", "慈溪市", "330200", REGION_COUNTY },
        { "429000", "省直辖县级行政区划", "420000", REGION_CITY },
        { "429004", "仙桃市", "429000", REGION_COUNTY },
        { "441900", "东莞市", "440000", REGION_CITY },
        { "500200", "县", "500000", REGION_CITY },
        { "710000", "台湾省", "", REGION_PROVINCE },
        { "810000", "香港特别行政区", "", REGION_PROVINCE },
        { "820000", "澳门特别行政区", "", REGION_PROVINCE },
    };
    struct region_table *t = builtin();

    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const struct region *r = region_find(t, want[i].code);

        if (!T_CHECK(r != NULL)) {
            fprintf(stderr, "     %s missing\n", want[i].code);
            continue;
        }
        T_EQ_STR(r->code, want[i].code);
        T_EQ_STR(r->name, want[i].name);
        T_EQ_STR(r->parent, want[i].parent);
        T_EQ_INT(r->level, want[i].level);
    }
    T_EQ_STR(region_parent(t, region_find(t, "330281"))->name, "宁波市");
    T_CHECK(region_parent(t, region_find(t, "330000")) == NULL);
    /* statistics-only development zones are not GB/T 2260 divisions */
    T_CHECK(region_find(t, "330371") == NULL);
    region_table_free(t);
}

static void
test_builtin_consistent(void)
{
    struct region_table *t = builtin();
    size_t n = region_table_count(t), provinces = 0, bad = 0;

    T_CHECK(n > 3000 && n < 4000);
    for (size_t i = 0; i < n; i++) {
        const struct region *r = region_table_at(t, i), *p = region_parent(t, r);

        provinces += r->level == REGION_PROVINCE;
        bad += i > 0 && strcmp(region_table_at(t, i - 1)->code, r->code) >= 0;
        bad += r->level != REGION_PROVINCE && (p == NULL || p->level >= r->level);
        bad += !region_within(t, r->code, r->code);
        bad += region_find(t, r->code) != r;
    }
    T_EQ_INT(bad, 0);
    T_EQ_INT(provinces, 34);
    T_CHECK(region_table_at(t, n) == NULL);
    region_table_free(t);
    region_table_free(NULL);
}

static void
test_find_towns(void)
{
    struct region_table *t = builtin();

    T_EQ_STR(region_find(t, "330281001")->code, "330281"); /* a town: its county */
    T_EQ_STR(region_find(t, "441900003")->code, "441900"); /* 东莞: no county level */
    T_EQ_STR(region_find(t, "620201100")->code, "620200"); /* 嘉峪关 */
    T_EQ_STR(region_find_str(t, (struct str){ "330282xyz", 6 })->name, "慈溪市");
    T_CHECK(region_find(t, "999999") == NULL);
    T_CHECK(region_find(t, "339999") == NULL);
    T_CHECK(region_find(t, "33028") == NULL);
    T_CHECK(region_find(t, "3302810011") == NULL);
    T_CHECK(region_find(t, "") == NULL);
    T_CHECK(region_find(t, NULL) == NULL);
    region_table_free(t);
}

static void
test_within(void)
{
    static const struct {
        const char *x, *y;
        bool want;
    } cases[] = {
        { "330281", "330200", true },
        { "330281", "330000", true },
        { "330281", "330281", true },
        { "330200", "330281", false },
        { "330281", "330100", false },
        { "330281", "320000", false },
        { "110105", "110100", true },
        { "110105", "110000", true },
        { "330281001", "330281", true },
        { "330281001", "330200", true },
        { "330281001", "330000", true },
        { "330281001", "330281001", true },
        { "330281001", "330281002", false },
        { "330281", "330281001", false },
        { "429004", "420000", true },
        { "441900003", "441900", true },
        { "441900003", "440000", true },
        { "330103", "330100", true }, /* 下城区, abolished 2021: by structure */
        { "330103", "330000", true },
        { "330103", "330200", false },
        { "330000", "330000", true },
        { "33028", "330000", false },
        { "330281", "33", false },
        { "330281", NULL, false },
    };
    struct region_table *t = builtin();

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (!T_CHECK(region_within(t, cases[i].x, cases[i].y) == cases[i].want))
            fprintf(stderr, "     within(%s, %s)\n", cases[i].x, cases[i].y ? cases[i].y : "NULL");
        if (cases[i].y != NULL)
            T_CHECK(region_within(NULL, cases[i].x, cases[i].y) == cases[i].want);
    }
    region_table_free(t);
}

static void
test_syntax_and_province(void)
{
    static const struct {
        const char *code;
        bool valid;
        const char *province;
    } cases[] = {
        { "330281", true, "330000" }, { "330281001", true, "330000" },
        { "110000", true, "110000" }, { "820000", true, "820000" },
        { "33028", false, "" },       { "3302811", false, "" },
        { "33028a", false, "" },      { "030281", false, "" },
        { "930000", false, "" },      { "", false, "" },
        { "3302810011", false, "" },  { " 330281", false, "" },
    };
    char out[REGION_PROVINCE_LEN];

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        T_CHECK(region_code_valid_syntax(cases[i].code) == cases[i].valid);
        T_CHECK(region_province_code(cases[i].code, out) == cases[i].valid);
        T_EQ_STR(out, cases[i].province);
    }
    T_CHECK(!region_code_valid_syntax(NULL));
}

static void
test_parse_custom(void)
{
    static const char csv[] = "\xEF\xBB\xBF"
                              "code,name,parent,level\r\n"
                              "330281001,\"凤山街道\",330281,4\r\n"
                              "330281,余姚市,330200,3\r\n"
                              "\r\n"
                              "330000, 浙江省 ,,1\r\n"
                              "330200,\"宁波市, 甬\",330000,2\r\n"
                              "330281002,某镇,330000,4\r\n";
    struct region_table *t = NULL;
    struct zq_err err;

    zq_err_clear(&err);
    T_EQ_INT(region_table_parse(csv, sizeof(csv) - 1, "r.csv", &t, &err), 0);
    if (t == NULL)
        return;
    T_EQ_INT(region_table_count(t), 5);
    T_EQ_STR(region_table_at(t, 0)->code, "330000");
    T_EQ_STR(region_table_at(t, 0)->name, "浙江省");
    T_EQ_STR(region_find(t, "330200")->name, "宁波市, 甬");
    T_EQ_STR(region_find(t, "330281001")->name, "凤山街道");
    T_EQ_INT(region_find(t, "330281001")->level, REGION_TOWN);
    T_EQ_STR(region_find(t, "330281003")->code, "330281");
    T_CHECK(region_within(t, "330281001", "330200"));
    /* the table's parent wins over the code's structure */
    T_CHECK(!region_within(t, "330281002", "330281"));
    T_CHECK(region_within(t, "330281002", "330000"));
    region_table_free(t);
}

struct bad_case {
    const char *csv;
    long line;
    const char *needle;
};

static void
test_parse_errors(void)
{
    static const struct bad_case cases[] = {
        { "", 1, "文件为空" },
        { "code,name,level\n", 1, "表头" },
        { "code,name,parent,level\n33000,浙江省,,1\n", 2, "地区代码“33000”格式不正确" },
        { "code,name,parent,level\n330000,浙江省,,5\n", 2, "级别“5”无效" },
        { "code,name,parent,level\n330000,浙江省,,4\n", 2, "与级别 4 不符" },
        { "code,name,parent,level\n330000,,,1\n", 2, "名称" },
        { "code,name,parent,level\n330000,浙江省,110000,1\n", 2, "省级地区没有上级" },
        { "code,name,parent,level\n330200,宁波市,,2\n", 2, "上级代码“”无效" },
        { "code,name,parent,level\n330000,浙江省,,1\n330200,宁波市,330000\n", 3, "实际 3 列" },
        { "code,name,parent,level\n330000,浙江省,,1,x\n", 2, "多于 4 列" },
        { "code,name,parent,level\n330000,\"浙江省,,1\n", 2, "引号" },
        { "code,name,parent,level\n330000,\xE6\xB5,,1\n", 2, "UTF-8" },
        { "code,name,parent,level\n330000,浙江省,,1\n330200,宁波市,320000,2\n", 3,
          "上级 320000 不在文件中" },
        { "code,name,parent,level\n330000,浙江省,,1\n330200,宁波市,330000,2\n"
          "330201,某区,330200,3\n330202,某区,330201,3\n",
          5, "应更高" },
        { "code,name,parent,level\n330000,浙江省,,1\n330000,浙江,,1\n", 3,
          "330000 重复（第 2 行已出现）" },
    };

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct region_table *t = NULL; /* must stay untouched */
        struct zq_err err;

        zq_err_clear(&err);
        T_CHECK(region_table_parse(cases[i].csv, strlen(cases[i].csv), "regions.csv", &t, &err) <
                0);
        T_CHECK(t == NULL);
        T_EQ_INT(err.line, cases[i].line);
        T_CONTAINS(err.msg, cases[i].needle);
        T_CONTAINS(err.msg, "regions.csv 第 ");
        T_EQ_STR(err.file, "regions.csv");
    }
}

static const struct t_case t_cases[] = {
    { "builtin known regions", test_builtin_known_regions },
    { "builtin consistent", test_builtin_consistent },
    { "find towns", test_find_towns },
    { "within", test_within },
    { "syntax and province", test_syntax_and_province },
    { "parse custom", test_parse_custom },
    { "parse errors", test_parse_errors },
    { 0 },
};

T_MAIN(t_cases)
