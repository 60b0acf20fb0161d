/*
 * static.c - the web UI's files (server.web_dir, by default build/web) with
 * the single-page app's fallback: a path that names no file and has no
 * extension is one of the app's own routes and gets index.html.
 *
 * Paths are resolved with realpath() and must stay inside the web
 * directory; dot segments and hidden files are refused before that.  Files
 * under assets/ carry a content hash in their names (Vite) and are cached
 * for a year; everything else is revalidated.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http_int.h"

static const struct {
    const char *ext, *type;
} types[] = {
    { ".html", "text/html; charset=utf-8" },
    { ".js", "text/javascript; charset=utf-8" },
    { ".mjs", "text/javascript; charset=utf-8" },
    { ".css", "text/css; charset=utf-8" },
    { ".json", "application/json; charset=utf-8" },
    { ".svg", "image/svg+xml" },
    { ".png", "image/png" },
    { ".jpg", "image/jpeg" },
    { ".ico", "image/x-icon" },
    { ".woff2", "font/woff2" },
    { ".woff", "font/woff" },
    { ".ttf", "font/ttf" },
    { ".txt", "text/plain; charset=utf-8" },
    { ".map", "application/json; charset=utf-8" },
    { ".webmanifest", "application/manifest+json" },
};

static const char *
type_of(const char *path)
{
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot != NULL && i < sizeof types / sizeof types[0]; i++)
        if (strcmp(dot, types[i].ext) == 0)
            return types[i].type;
    return "application/octet-stream";
}

/* No "." or ".." segment, no hidden file, no backslash or NUL. */
static bool
path_safe(const char *p)
{
    if (p[0] != '/' || strchr(p, '\\') != NULL)
        return false;
    for (const char *s = p; (s = strchr(s, '/')) != NULL; s++)
        if (s[1] == '.')
            return false;
    return true;
}

static bool
has_extension(const char *p)
{
    const char *slash = strrchr(p, '/');

    return strchr(slash != NULL ? slash : p, '.') != NULL;
}

/* Open the regular file at web_dir + rel if it resolves inside web_real. */
static int
open_inside(const struct http_server *s, const char *rel, struct stat *st)
{
    char full[PATH_MAX], real[PATH_MAX];
    size_t n = strlen(s->web_real);
    int fd;

    if ((size_t)snprintf(full, sizeof full, "%s%s", s->web_real, rel) >= sizeof full ||
        realpath(full, real) == NULL)
        return -1;
    if (strncmp(real, s->web_real, n) != 0 || (real[n] != '/' && real[n] != '\0'))
        return -1;
    fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        return -1;
    if (fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
        close(fd);
        return -1;
    }
    return fd;
}

int
http_static(struct hreq *r)
{
    const struct http_server *s = r->srv;
    const char *rel = r->path, *type;
    struct MHD_Response *resp;
    struct stat st;
    int fd = -1;

    if (s->web_real[0] == '\0' || s->web_dir[0] == '\0')
        return http_fail(r, ZQ_ENOTFOUND, "no_route", NULL, "没有这个页面（网页前端未部署）：%s",
                         r->path);
    if (!path_safe(rel))
        return http_fail(r, ZQ_ENOTFOUND, "no_route", NULL, "没有这个页面：%s", r->path);
    if (strcmp(rel, "/") == 0)
        rel = "/index.html";
    fd = open_inside(s, rel, &st);
    if (fd < 0 && !has_extension(rel)) {
        rel = "/index.html";
        fd = open_inside(s, rel, &st);
    }
    if (fd < 0)
        return http_fail(r, ZQ_ENOTFOUND, "no_route", NULL, "没有这个页面：%s", r->path);
    type = type_of(rel);
    resp = MHD_create_response_from_fd64((uint64_t)st.st_size, fd);
    if (resp == NULL) {
        close(fd);
        return http_fail(r, ZQ_EIO, NULL, NULL, "无法读取网页文件");
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                            strncmp(rel, "/assets/", 8) == 0 ? "public, max-age=31536000, immutable"
                                                             : "no-cache");
    r->route_index = http_nroutes + 1;
    r->bytes = (uint64_t)st.st_size;
    return http_queue(r, 200, resp, strcmp(type, types[0].type) == 0);
}
