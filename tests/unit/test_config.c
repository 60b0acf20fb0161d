/*
 * Unit tests for core/config: defaults, INI parsing, errors with line
 * numbers, all-or-nothing application, environment overrides.
 */
#include <stdlib.h>

#include "core/config.h"
#include "t.h"

static void
test_defaults_and_file(void)
{
    struct config *c = config_new();
    struct zq_err e;
    const char *ini =
        "\xEF\xBB\xBF# 示例\n db = /tmp/x.db \n[server]\nlisten = \"0.0.0.0:9000\"\r\n"
        "; 注释\n";
    int64_t v;

    zq_err_clear(&e);
    T_EQ_STR(config_get(c, "db"), "zhiqian.db");
    T_EQ_INT(config_parse(c, ini, strlen(ini), "a.ini", &e), 0);
    T_EQ_STR(config_get(c, "db"), "/tmp/x.db");
    T_EQ_STR(config_get(c, "server.listen"), "0.0.0.0:9000");
    T_CHECK(config_get(c, "nope") == NULL);
    T_EQ_INT(config_get_int(c, "province", &v, &e), 0);
    T_EQ_INT(v, 330000);
    T_EQ_INT(config_get_int(c, "db", &v, &e), ZQ_EINVAL);
    config_free(c);
}

static void
test_errors_apply_nothing(void)
{
    struct config *c = config_new();
    struct zq_err e;
    const char *bad1 = "db = a.db\n[server]\nlistne = 1\n";
    const char *bad2 = "db = b.db\nthis is not ini\n";

    zq_err_clear(&e);
    T_EQ_INT(config_parse(c, bad1, strlen(bad1), "x.ini", &e), ZQ_EINVAL);
    T_EQ_INT(e.line, 3);
    T_CONTAINS(e.msg, "未知的配置项");
    T_CONTAINS(e.msg, "listne");
    T_EQ_STR(config_get(c, "db"), "zhiqian.db"); /* nothing applied */
    T_EQ_INT(config_parse(c, bad2, strlen(bad2), "y.ini", &e), ZQ_ESYNTAX);
    T_EQ_INT(e.line, 2);
    T_EQ_STR(config_get(c, "db"), "zhiqian.db");
    config_free(c);
}

static void
test_env(void)
{
    struct config *c = config_new();

    setenv("ZHIQIAN_LISTEN", "127.0.0.1:1", 1);
    T_EQ_INT(config_load_env(c, NULL), 0);
    T_EQ_STR(config_get(c, "server.listen"), "127.0.0.1:1");
    unsetenv("ZHIQIAN_LISTEN");
    T_EQ_INT(config_load_file(c, "/nonexistent/zq.ini", NULL), ZQ_EIO);
    config_free(c);
}

static const struct t_case t_cases[] = {
    { "defaults and file", test_defaults_and_file },
    { "errors apply nothing", test_errors_apply_nothing },
    { "environment", test_env },
    { 0 },
};
T_MAIN(t_cases)
