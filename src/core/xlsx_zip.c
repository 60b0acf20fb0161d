/*
 * xlsx_zip.c - the XLSX package as a zip read through minizip with our own
 * I/O (memory, or pread(2) on a descriptor), inflating one part at a time
 * under a size cap (zip bombs end at the cap), and the expat glue every part
 * shares: an element depth cap, DTDs refused (no entity expansion), local
 * names, the first error kept.
 *
 * Nothing here owns memory beyond a call, except the minizip handle owned by
 * struct xlsx_zip.
 */
#include "core/xlsx_int.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "core/alloc.h"

/* ---- zip access ---- */

static voidpf ZCALLBACK
zio_open(voidpf opaque, const void *filename, int mode)
{
    struct xlsx_zip *z = opaque;

    (void)filename;
    (void)mode;
    z->pos = 0;
    return z;
}

static uLong ZCALLBACK
zio_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    struct xlsx_zip *z = stream;
    uint64_t n = size;

    (void)opaque;
    if (z->pos >= z->src.size)
        return 0;
    if (n > z->src.size - z->pos)
        n = z->src.size - z->pos;
    if (z->src.mem != NULL) {
        memcpy(buf, z->src.mem + z->pos, (size_t)n);
    } else {
        size_t got = 0;

        while (got < n) {
            ssize_t k = pread(z->src.fd, (char *)buf + got, (size_t)n - got,
                              (off_t)(z->src.base + z->pos + got));
            if (k < 0 && errno == EINTR)
                continue;
            if (k <= 0) {
                z->io_errno = k < 0 ? errno : EIO;
                break;
            }
            got += (size_t)k;
        }
        n = got;
    }
    z->pos += n;
    return (uLong)n;
}

static uLong ZCALLBACK
zio_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    (void)opaque;
    (void)stream;
    (void)buf;
    (void)size;
    return 0;
}

static ZPOS64_T ZCALLBACK
zio_tell(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct xlsx_zip *)stream)->pos;
}

static long ZCALLBACK
zio_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    struct xlsx_zip *z = stream;
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_CUR   ? z->pos
                    : origin == ZLIB_FILEFUNC_SEEK_END ? z->src.size
                                                       : 0;

    (void)opaque;
    if (off > UINT64_MAX - base || base + off > z->src.size)
        return -1;
    z->pos = base + off;
    return 0;
}

static int ZCALLBACK
zio_close(voidpf opaque, voidpf stream)
{
    (void)opaque;
    (void)stream;
    return 0;
}

static int ZCALLBACK
zio_error(voidpf opaque, voidpf stream)
{
    (void)opaque;
    return ((struct xlsx_zip *)stream)->io_errno;
}

static int zip_fail(struct xlsx_zip *z, const char *part, struct zq_err *err, int code,
                    const char *fmt, ...) ZQ_PRINTF(5, 6);

static int
zip_fail(struct xlsx_zip *z, const char *part, struct zq_err *err, int code, const char *fmt, ...)
{
    char why[400];
    va_list ap;

    if (z->io_errno != 0) {
        code = ZQ_EIO;
        snprintf(why, sizeof(why), "读取失败：%s", strerror(z->io_errno));
    } else {
        va_start(ap, fmt);
        vsnprintf(why, sizeof(why), fmt, ap);
        va_end(ap);
    }
    if (part != NULL)
        zq_err_set(err, code, "文件 %s 中的 %s：%s", z->name, part, why);
    else
        zq_err_set(err, code, "文件 %s：%s", z->name, why);
    zq_err_where(err, z->name, 0, 0);
    return code;
}

int
xlsx_zip_open(struct xlsx_zip *z, struct zq_err *err)
{
    zlib_filefunc64_def ff = {
        .zopen64_file = zio_open,
        .zread_file = zio_read,
        .zwrite_file = zio_write,
        .ztell64_file = zio_tell,
        .zseek64_file = zio_seek,
        .zclose_file = zio_close,
        .zerror_file = zio_error,
        .opaque = z,
    };

    z->uf = unzOpen2_64("xlsx", &ff);
    if (z->uf == NULL)
        return zip_fail(z, NULL, err, ZQ_ESYNTAX,
                        "不是有效的 XLSX 文件（zip 目录损坏或文件不完整）");
    return 0;
}

void
xlsx_zip_close(struct xlsx_zip *z)
{
    if (z->uf != NULL)
        unzClose(z->uf);
    z->uf = NULL;
}

int
xlsx_part_open(struct xlsx_zip *z, const char *path, struct xlsx_part *pt, bool *found,
               struct zq_err *err)
{
    unz_file_info64 fi;

    memset(pt, 0, sizeof(*pt));
    pt->z = z;
    pt->path = path;
    pt->cap = z->max_part;
    *found = false;
    if (unzLocateFile(z->uf, path, 2) != UNZ_OK)
        return z->io_errno != 0 ? zip_fail(z, path, err, ZQ_EIO, "读取失败") : 0;
    if (unzGetCurrentFileInfo64(z->uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK)
        return zip_fail(z, path, err, ZQ_ESYNTAX, "zip 目录项损坏");
    if (fi.flag & 1)
        return zip_fail(z, path, err, ZQ_EINVAL, "内容已加密，请在 Excel 中取消密码后再导入");
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
        return zip_fail(z, path, err, ZQ_ESYNTAX, "不支持的压缩方式 %lu",
                        (unsigned long)fi.compression_method);
    if (unzOpenCurrentFile(z->uf) != UNZ_OK)
        return zip_fail(z, path, err, ZQ_ESYNTAX, "无法解压（文件损坏）");
    pt->open = true;
    pt->size = fi.uncompressed_size;
    *found = true;
    return 0;
}

int
xlsx_part_read(struct xlsx_part *pt, char *dst, size_t cap, size_t *got, struct zq_err *err)
{
    int n = unzReadCurrentFile(pt->z->uf, dst, (unsigned)cap);

    *got = 0;
    if (n < 0)
        return zip_fail(pt->z, pt->path, err, ZQ_ESYNTAX, "压缩数据损坏，无法解压");
    pt->read += (uint64_t)n;
    if (pt->read > pt->cap)
        return zip_fail(pt->z, pt->path, err, ZQ_ETOOBIG, "解压后超过 %llu 字节的上限",
                        (unsigned long long)pt->cap);
    *got = (size_t)n;
    return 0;
}

int
xlsx_part_close(struct xlsx_part *pt, struct zq_err *err)
{
    int rc;

    if (!pt->open)
        return 0;
    pt->open = false;
    rc = unzCloseCurrentFile(pt->z->uf);
    if (rc == UNZ_CRCERROR)
        return zip_fail(pt->z, pt->path, err, ZQ_ESYNTAX, "校验和不符，文件已损坏");
    return 0;
}

/* ---- expat glue ---- */

static const char *
local_name(const char *name)
{
    const char *c = strrchr(name, ':');

    return c != NULL ? c + 1 : name;
}

const char *
xml_attr(const char **atts, const char *local)
{
    for (size_t i = 0; atts[i] != NULL; i += 2)
        if (strcmp(local_name(atts[i]), local) == 0)
            return atts[i + 1];
    return NULL;
}

static void
set_mark(struct xml_ctx *c)
{
    c->mark = (uint64_t)XML_GetCurrentByteIndex(c->p) + (uint64_t)XML_GetCurrentByteCount(c->p);
}

static void XMLCALL
on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xml_ctx *c = ud;

    set_mark(c);
    if (c->rc != 0)
        return;
    if (++c->depth > XLSX_MAX_DEPTH) {
        xml_fail(c, ZQ_ESYNTAX, "XML 嵌套超过 %d 层", XLSX_MAX_DEPTH);
        return;
    }
    if (c->start != NULL)
        c->start(c, local_name(name), atts);
}

static void XMLCALL
on_end(void *ud, const XML_Char *name)
{
    struct xml_ctx *c = ud;

    set_mark(c);
    c->depth--;
    if (c->rc == 0 && c->end != NULL)
        c->end(c, local_name(name));
}

static void XMLCALL
on_text(void *ud, const XML_Char *s, int len)
{
    struct xml_ctx *c = ud;

    set_mark(c);
    if (c->rc == 0 && c->text != NULL)
        c->text(c, s, len);
}

static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
           int has_internal)
{
    (void)name;
    (void)sysid;
    (void)pubid;
    (void)has_internal;
    xml_fail(ud, ZQ_ESYNTAX, "不允许 DOCTYPE 声明");
}

void
xml_ctx_init(struct xml_ctx *c, const char *file, const char *part, void *user)
{
    memset(c, 0, sizeof(*c));
    c->p = XML_ParserCreate(NULL);
    if (c->p == NULL)
        abort();
    c->file = file;
    c->part = part;
    c->user = user;
    XML_SetUserData(c->p, c);
    XML_SetElementHandler(c->p, on_start, on_end);
    XML_SetCharacterDataHandler(c->p, on_text);
    XML_SetStartDoctypeDeclHandler(c->p, on_doctype);
}

void
xml_ctx_fini(struct xml_ctx *c)
{
    if (c->p != NULL)
        XML_ParserFree(c->p);
    c->p = NULL;
}

void
xml_fail(struct xml_ctx *c, int code, const char *fmt, ...)
{
    char why[400];
    va_list ap;

    if (c->rc != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    c->rc = code;
    zq_err_set(&c->err, code, "文件 %s 中的 %s：%s", c->file, c->part, why);
    zq_err_where(&c->err, c->file, 0, 0);
    XML_StopParser(c->p, XML_FALSE);
}

int
xml_fed(struct xml_ctx *c, size_t n, struct zq_err *err)
{
    c->fed += n;
    if (c->fed < c->mark || c->fed - c->mark <= XLSX_MAX_TOKEN)
        return 0;
    zq_err_set(err, ZQ_ETOOBIG, "文件 %s 中的 %s：一个 XML 标记超过 %llu 字节的上限", c->file,
               c->part, (unsigned long long)XLSX_MAX_TOKEN);
    zq_err_where(err, c->file, 0, 0);
    return ZQ_ETOOBIG;
}

int
xml_error(struct xml_ctx *c, struct zq_err *err)
{
    if (c->rc != 0) {
        if (err != NULL)
            *err = c->err;
        return c->rc;
    }
    zq_err_set(err, ZQ_ESYNTAX, "文件 %s 中的 %s 不是有效的 XML（第 %lu 行第 %lu 列：%s）", c->file,
               c->part, (unsigned long)XML_GetCurrentLineNumber(c->p),
               (unsigned long)XML_GetCurrentColumnNumber(c->p),
               XML_ErrorString(XML_GetErrorCode(c->p)));
    zq_err_where(err, c->file, 0, 0);
    return ZQ_ESYNTAX;
}

int
xlsx_parse_part(struct xlsx_zip *z, const char *path, struct xml_ctx *c, uint64_t cap, bool *found,
                struct zq_err *err)
{
    struct xlsx_part pt;
    char *chunk;
    int rc = xlsx_part_open(z, path, &pt, found, err);

    if (rc < 0 || !*found)
        return rc;
    if (pt.cap > cap)
        pt.cap = cap;
    chunk = zq_malloc(XLSX_CHUNK);
    for (;;) {
        size_t got;

        rc = xlsx_part_read(&pt, chunk, XLSX_CHUNK, &got, err);
        if (rc < 0)
            break;
        if (XML_Parse(c->p, chunk, (int)got, got == 0) != XML_STATUS_OK) {
            rc = xml_error(c, err);
            break;
        }
        rc = xml_fed(c, got, err);
        if (rc < 0)
            break;
        if (got == 0) {
            rc = xlsx_part_close(&pt, err);
            break;
        }
    }
    if (pt.open)
        (void)unzCloseCurrentFile(z->uf);
    zq_free(chunk);
    return rc;
}
