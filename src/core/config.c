/*
 * config.c - the option table and an INI reader.  The config owns copies of
 * every value it holds.
 */
#include "core/config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/str.h"

#define CONFIG_MAX_FILE (1024 * 1024)

const struct config_option config_options[] = {
    { .key = "db",
      .env = "ZHIQIAN_DB",
      .def = "zhiqian.db",
      .help = "数据库：SQLite 文件路径或 postgresql:// 连接串" },
    { .key = "log_level",
      .env = "ZHIQIAN_LOG",
      .def = "warn",
      .help = "日志级别：debug、info、warn、error、off" },
    { .key = "province",
      .env = "ZHIQIAN_PROVINCE",
      .def = "330000",
      .help = "本系统所属省份的行政区划代码" },
    { .key = "secret_key",
      .env = "ZHIQIAN_SECRET_KEY",
      .def = "",
      .help = "个人信息加密与检索哈希的主密钥（至少 32 个字符）" },
    { .key = "server.listen",
      .env = "ZHIQIAN_LISTEN",
      .def = "127.0.0.1:8080",
      .help = "HTTP 监听地址与端口" },
    { .key = "server.web_dir",
      .env = "ZHIQIAN_WEB_DIR",
      .def = "",
      .help = "网页前端静态文件目录（默认：程序旁的 web 目录）" },
    { .key = NULL },
};

struct config {
    char **values; /* parallel to config_options; NULL = default */
    size_t n;
};

static long
option_index(const char *key, size_t len)
{
    for (size_t i = 0; config_options[i].key != NULL; i++)
        if (strlen(config_options[i].key) == len && memcmp(config_options[i].key, key, len) == 0)
            return (long)i;
    return -1;
}

struct config *
config_new(void)
{
    struct config *c = zq_calloc(1, sizeof(*c));

    while (config_options[c->n].key != NULL)
        c->n++;
    c->values = zq_calloc(c->n, sizeof(char *));
    return c;
}

void
config_free(struct config *c)
{
    if (c == NULL)
        return;
    for (size_t i = 0; i < c->n; i++)
        zq_free(c->values[i]);
    zq_free(c->values);
    zq_free(c);
}

int
config_set(struct config *c, const char *key, const char *value, struct zq_err *err)
{
    long i = option_index(key, strlen(key));

    if (i < 0)
        return zq_err_set(err, ZQ_EINVAL, "未知的配置项“%s”", key);
    zq_free(c->values[i]);
    c->values[i] = zq_strdup(value);
    return 0;
}

const char *
config_get(const struct config *c, const char *key)
{
    long i = option_index(key, strlen(key));

    if (i < 0)
        return NULL;
    return c->values[i] ? c->values[i] : config_options[i].def;
}

int
config_get_int(const struct config *c, const char *key, int64_t *out, struct zq_err *err)
{
    const char *v = config_get(c, key);

    if (v == NULL)
        return zq_err_set(err, ZQ_EINVAL, "未知的配置项“%s”", key);
    if (str_to_i64(str_trim(str_from(v)), out) < 0)
        return zq_err_set(err, ZQ_EINVAL, "配置项 %s 的值“%s”不是整数", key, v);
    return 0;
}

/* One parsed assignment, kept until the whole file has been validated. */
struct pending {
    long idx;
    char *value;
};

static int
parse_line(struct str line, struct buf *section, struct pending *p, const char *name, long lineno,
           struct zq_err *err)
{
    struct str key, val;
    char full[128];
    int n;

    p->idx = -1;
    line = str_trim(line);
    if (line.len == 0 || line.p[0] == '#' || line.p[0] == ';')
        return 0;
    if (line.p[0] == '[') {
        if (line.p[line.len - 1] != ']' || line.len < 3)
            goto bad;
        buf_reset(section);
        if (buf_append(section, line.p + 1, line.len - 2) < 0)
            goto bad;
        return 0;
    }
    if (!str_split(line, '=', &key, &val))
        goto bad;
    key = str_trim(key);
    val = str_trim(val);
    if (val.len >= 2 && val.p[0] == '"' && val.p[val.len - 1] == '"') {
        val.p++;
        val.len -= 2;
    }
    n = section->len ? snprintf(full, sizeof(full), "%s.%.*s", section->p, (int)key.len, key.p)
                     : snprintf(full, sizeof(full), "%.*s", (int)key.len, key.p);
    if (n < 0 || (size_t)n >= sizeof(full) || (p->idx = option_index(full, (size_t)n)) < 0) {
        zq_err_where(err, name, lineno, 1);
        return zq_err_set(err, ZQ_EINVAL, "%s 第 %ld 行：未知的配置项“%.*s”", name, lineno,
                          (int)(key.len > 60 ? 60 : key.len), key.p);
    }
    if (!utf8_valid(val.p, val.len)) {
        zq_err_where(err, name, lineno, 1);
        return zq_err_set(err, ZQ_EINVAL, "%s 第 %ld 行：值不是有效的 UTF-8 文本", name, lineno);
    }
    p->value = zq_strndup(val.p, val.len);
    return 0;
bad:
    zq_err_where(err, name, lineno, 1);
    return zq_err_set(err, ZQ_ESYNTAX, "%s 第 %ld 行：无法识别，应为“键 = 值”或“[节]”", name,
                      lineno);
}

int
config_parse(struct config *c, const char *text, size_t len, const char *name, struct zq_err *err)
{
    struct str rest = { text, len }, line;
    struct buf section;
    struct pending *pend = NULL;
    size_t npend = 0, cap = 0;
    long lineno = 0;
    int rc = 0;

    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        rest.p += 3;
        rest.len -= 3;
    }
    buf_init(&section, 100);
    while (rest.p != NULL && rc == 0) {
        struct pending p = { -1, NULL };

        str_split(rest, '\n', &line, &rest);
        lineno++;
        rc = parse_line(line, &section, &p, name, lineno, err);
        if (rc == 0 && p.idx >= 0) {
            pend = zq_grow(pend, sizeof(*pend), npend + 1, &cap);
            pend[npend++] = p;
        }
    }
    for (size_t i = 0; i < npend; i++) {
        if (rc == 0) {
            zq_free(c->values[pend[i].idx]);
            c->values[pend[i].idx] = pend[i].value;
        } else {
            zq_free(pend[i].value);
        }
    }
    zq_free(pend);
    buf_fini(&section);
    return rc;
}

int
config_load_file(struct config *c, const char *path, struct zq_err *err)
{
    FILE *f = fopen(path, "rb");
    struct buf b;
    char chunk[8192];
    size_t n;
    int rc = 0;

    if (f == NULL)
        return zq_err_set(err, ZQ_EIO, "无法打开配置文件 %s：%s", path, strerror(errno));
    buf_init(&b, CONFIG_MAX_FILE);
    while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        if (buf_append(&b, chunk, n) < 0)
            rc = zq_err_set(err, ZQ_ETOOBIG, "配置文件 %s 超过 1 MiB", path);
    if (rc == 0 && ferror(f))
        rc = zq_err_set(err, ZQ_EIO, "读取配置文件 %s 失败", path);
    fclose(f);
    if (rc == 0)
        rc = config_parse(c, b.p ? b.p : "", b.len, path, err);
    buf_fini(&b);
    return rc;
}

int
config_load_env(struct config *c, struct zq_err *err)
{
    for (size_t i = 0; config_options[i].key != NULL; i++) {
        const char *v = getenv(config_options[i].env);
        if (v != NULL && config_set(c, config_options[i].key, v, err) < 0)
            return ZQ_EINVAL;
    }
    return 0;
}
