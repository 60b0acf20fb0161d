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
    { .key = "server.threads",
      .env = "ZHIQIAN_SERVER_THREADS",
      .def = "0",
      .help = "HTTP 工作线程数（每个线程一个数据库连接）；0 表示按 CPU 核数，至少 4" },
    { .key = "server.max_connections",
      .env = "ZHIQIAN_SERVER_MAX_CONNECTIONS",
      .def = "1000",
      .help = "同时保持的 HTTP 连接数上限" },
    { .key = "server.idle_timeout",
      .env = "ZHIQIAN_SERVER_IDLE_TIMEOUT",
      .def = "30",
      .help = "连接空闲多少秒后关闭（也是慢速客户端的超时）" },
    { .key = "server.request_timeout",
      .env = "ZHIQIAN_SERVER_REQUEST_TIMEOUT",
      .def = "120",
      .help = "一个请求（含上传的请求体）最长可用多少秒发送完" },
    { .key = "server.max_header",
      .env = "ZHIQIAN_SERVER_MAX_HEADER",
      .def = "32768",
      .help = "每个连接用于请求行和请求头的内存上限（字节）" },
    { .key = "server.max_body",
      .env = "ZHIQIAN_SERVER_MAX_BODY",
      .def = "1048576",
      .help = "JSON 请求体上限（字节），超过返回 413" },
    { .key = "server.max_upload",
      .env = "ZHIQIAN_SERVER_MAX_UPLOAD",
      .def = "67108864",
      .help = "通过 API 上传导入文件的大小上限（字节），超过返回 413" },
    { .key = "server.max_imports",
      .env = "ZHIQIAN_SERVER_MAX_IMPORTS",
      .def = "2",
      .help = "通过 API 同时进行的导入数上限（每个占一个线程和一个数据库连接），超过返回 429" },
    { .key = "server.access_log",
      .env = "ZHIQIAN_ACCESS_LOG",
      .def = "-",
      .help = "访问日志：- 为标准错误，off 为关闭，其他为文件路径（追加）" },
    { .key = "server.trust_proxy",
      .env = "ZHIQIAN_TRUST_PROXY",
      .def = "0",
      .help = "为 1 时信任反向代理（nginx）加的 X-Forwarded-For 以确定客户端地址" },
    { .key = "server.cookie_secure",
      .env = "ZHIQIAN_COOKIE_SECURE",
      .def = "auto",
      .help = "会话 Cookie 的 Secure 标记：auto（X-Forwarded-Proto 为 https 时）、1 总是、0 从不" },
    { .key = "server.shutdown_seconds",
      .env = "ZHIQIAN_SHUTDOWN_SECONDS",
      .def = "10",
      .help = "收到 SIGTERM 后等待进行中的请求完成的最长秒数" },
    { .key = "auth.pwhash",
      .env = "ZHIQIAN_PWHASH",
      .def = "interactive",
      .help = "密码哈希（argon2id）强度：interactive、moderate；test 仅供测试库使用" },
    { .key = "auth.hash_concurrency",
      .env = "ZHIQIAN_HASH_CONCURRENCY",
      .def = "2",
      .help = "同时计算密码哈希的上限（每个约占 64 MiB 内存）" },
    { .key = "auth.session_hours",
      .env = "ZHIQIAN_SESSION_HOURS",
      .def = "12",
      .help = "登录会话的最长有效时间（小时）" },
    { .key = "auth.idle_minutes",
      .env = "ZHIQIAN_IDLE_MINUTES",
      .def = "120",
      .help = "登录会话多少分钟无操作后失效" },
    { .key = "auth.cache_seconds",
      .env = "ZHIQIAN_AUTH_CACHE_SECONDS",
      .def = "5",
      .help = "服务器在内存中缓存会话和令牌的秒数（最多 5 秒：注销和停用在此时间内生效）" },
    { .key = "auth.login_user_limit",
      .env = "ZHIQIAN_LOGIN_USER_LIMIT",
      .def = "5",
      .help = "同一用户名在一个时间窗内允许的登录失败次数" },
    { .key = "auth.login_ip_limit",
      .env = "ZHIQIAN_LOGIN_IP_LIMIT",
      .def = "30",
      .help = "同一客户端地址在一个时间窗内允许的登录失败次数" },
    { .key = "auth.login_window_minutes",
      .env = "ZHIQIAN_LOGIN_WINDOW_MINUTES",
      .def = "15",
      .help = "登录失败计数的时间窗（分钟）" },
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
