/*
 * table.c - opening a tabular input file: format detection, and the one
 * interface over the CSV and XLSX readers.
 *
 * A reader owns its CSV or XLSX reader and, when it made one, the descriptor
 * it opened (tbl_open_path) or the temporary file an XLSX from a pipe was
 * copied into.  Descriptors passed in by the caller stay the caller's.
 */
#include "core/table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/csv.h"
#include "core/xlsx.h"

#define HEAD_SIZE 8

struct tbl_reader {
    enum tbl_format fmt;
    struct csv_reader *csv;
    struct xlsx_reader *xlsx;
    int tmp_fd;  /* the temporary copy of an XLSX from a pipe; -1 none */
    int path_fd; /* opened by tbl_open_path; -1 none */
};

static bool
is_zip(const char *head, size_t n)
{
    return n >= 4 && head[0] == 'P' && head[1] == 'K' &&
           ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6));
}

/* A file named .xlsx that is no zip archive: say so, rather than read it
 * as CSV text and report its bytes as a broken encoding.  Files opened by
 * path only: an upload's name is the client's, and the HTTP layer checks
 * uploads against their Content-Type. */
static int
not_xlsx(const char *name, const char *head, size_t n, struct zq_err *err)
{
    size_t len = name != NULL ? strlen(name) : 0;

    if (len < 5 || strcasecmp(name + len - 5, ".xlsx") != 0 || is_zip(head, n))
        return 0;
    zq_err_set(err, ZQ_ESYNTAX,
               "文件 %s 不是有效的 XLSX 文件（扩展名为 .xlsx，内容却不是 Excel 工作簿）", name);
    zq_err_where(err, name, 0, 0);
    return ZQ_ESYNTAX;
}

static ssize_t
read_full(int fd, char *p, size_t n)
{
    size_t got = 0;

    while (got < n) {
        ssize_t k = read(fd, p + got, n - got);

        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return -1;
        if (k == 0)
            break;
        got += (size_t)k;
    }
    return (ssize_t)got;
}

/* The usual reasons in Chinese; the system's (English) words otherwise. */
static const char *
errno_text(int e)
{
    switch (e) {
    case ENOENT:
        return "文件不存在";
    case EACCES:
    case EPERM:
        return "没有读取权限";
    case EISDIR:
        return "这是一个目录，不是文件";
    case ENAMETOOLONG:
        return "文件名过长";
    default:
        return strerror(e);
    }
}

static int
io_fail(struct zq_err *err, const char *name, const char *what)
{
    int e = errno;

    zq_err_set(err, ZQ_EIO, "文件 %s %s：%s", name, what, errno_text(e));
    zq_err_where(err, name, 0, 0);
    return ZQ_EIO;
}

/* Copy head and the rest of fd into an unlinked temporary file (an XLSX
 * arriving on a pipe must be read at random offsets). */
static int
spool(int fd, const char *head, size_t hn, const char *name, uint64_t cap, int *tmp, uint64_t *size,
      struct zq_err *err)
{
    const char *dir = getenv("TMPDIR");
    char path[512], *chunk = NULL;
    uint64_t total = 0;
    int t, rc = 0;

    snprintf(path, sizeof(path), "%s/zhiqian-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    t = mkstemp(path);
    if (t < 0)
        return io_fail(err, name, "无法建立临时文件");
    unlink(path);
    chunk = zq_malloc(TBL_BUF_SIZE);
    memcpy(chunk, head, hn);
    for (ssize_t k = (ssize_t)hn; k != 0; k = read_full(fd, chunk, TBL_BUF_SIZE)) {
        if (k < 0) {
            rc = io_fail(err, name, "读取失败");
            goto out;
        }
        total += (uint64_t)k;
        if (total > cap) {
            rc = zq_err_set(err, ZQ_ETOOBIG, "文件 %s 超过 %llu 字节的上限", name,
                            (unsigned long long)cap);
            goto out;
        }
        if (write(t, chunk, (size_t)k) != k) {
            rc = io_fail(err, name, "写入临时文件失败");
            goto out;
        }
    }
out:
    zq_free(chunk);
    if (rc < 0) {
        close(t);
        return rc;
    }
    *tmp = t;
    *size = total;
    return 0;
}

static struct tbl_reader *
reader_new(enum tbl_format fmt)
{
    struct tbl_reader *r = zq_calloc(1, sizeof(*r));

    r->fmt = fmt;
    r->tmp_fd = -1;
    r->path_fd = -1;
    return r;
}

static int
open_xlsx_fd(int fd, const char *head, size_t hn, const char *name, const struct tbl_opts *o,
             struct tbl_reader **out, struct zq_err *err)
{
    struct tbl_reader *r = reader_new(TBL_XLSX);
    struct xlsx_src src = { .fd = fd };
    struct stat st;
    off_t pos = lseek(fd, 0, SEEK_CUR);
    int rc;

    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && pos >= (off_t)hn) {
        src.base = (uint64_t)pos - hn;
        src.size = (uint64_t)st.st_size > src.base ? (uint64_t)st.st_size - src.base : 0;
    } else {
        uint64_t cap = o != NULL && o->max_part != 0 ? o->max_part : TBL_MAX_PART;

        rc = spool(fd, head, hn, name, cap, &r->tmp_fd, &src.size, err);
        if (rc < 0)
            goto fail;
        src.fd = r->tmp_fd;
    }
    rc = xlsx_open(&src, name, o, &r->xlsx, err);
    if (rc < 0)
        goto fail;
    *out = r;
    return 0;
fail:
    tbl_close(r);
    return rc;
}

int
tbl_open_fd(int fd, const char *name, const struct tbl_opts *o, struct tbl_reader **out,
            struct zq_err *err)
{
    char head[HEAD_SIZE];
    ssize_t hn = read_full(fd, head, sizeof(head));
    struct csv_src src = { .fd = fd, .prefix = head };
    struct tbl_reader *r;
    struct stat st;
    int rc;

    *out = NULL;
    if (hn < 0)
        return io_fail(err, name, "读取失败");
    if ((rc = not_xlsx(name, head, (size_t)hn, err)) < 0)
        return rc;
    if (is_zip(head, (size_t)hn))
        return open_xlsx_fd(fd, head, (size_t)hn, name, o, out, err);
    src.prefix_len = (size_t)hn;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
        off_t pos = lseek(fd, 0, SEEK_CUR);

        if (pos >= hn && st.st_size >= pos)
            src.total = (uint64_t)(st.st_size - pos + hn);
    }
    r = reader_new(TBL_CSV);
    rc = csv_open(&src, name, o, &r->csv, err);
    if (rc < 0) {
        tbl_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int
tbl_open_path(const char *path, const struct tbl_opts *o, struct tbl_reader **out,
              struct zq_err *err)
{
    int fd, rc;

    *out = NULL;
    if (strcmp(path, "-") == 0)
        return tbl_open_fd(STDIN_FILENO, "标准输入", o, out, err);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return io_fail(err, path, "无法打开");
    rc = tbl_open_fd(fd, path, o, out, err);
    if (rc < 0) {
        close(fd);
        return rc;
    }
    (*out)->path_fd = fd;
    return 0;
}

int
tbl_open_mem(const void *p, size_t len, const char *name, const struct tbl_opts *o,
             struct tbl_reader **out, struct zq_err *err)
{
    struct tbl_reader *r;
    int rc;

    *out = NULL;
    if (p == NULL)
        p = "";
    if (is_zip(p, len)) {
        struct xlsx_src xs = { .mem = p, .len = len, .fd = -1, .size = len };

        r = reader_new(TBL_XLSX);
        rc = xlsx_open(&xs, name, o, &r->xlsx, err);
    } else {
        struct csv_src cs = { .fd = -1, .mem = p, .mem_len = len, .total = len };

        r = reader_new(TBL_CSV);
        rc = csv_open(&cs, name, o, &r->csv, err);
    }
    if (rc < 0) {
        tbl_close(r);
        return rc;
    }
    *out = r;
    return 0;
}

int
tbl_next(struct tbl_reader *r, struct tbl_row *row, struct zq_err *err)
{
    if (r->fmt == TBL_CSV)
        return csv_next(r->csv, row, err);
    return xlsx_next(r->xlsx, row, err);
}

void
tbl_close(struct tbl_reader *r)
{
    if (r == NULL)
        return;
    csv_close(r->csv);
    xlsx_close(r->xlsx);
    if (r->tmp_fd >= 0)
        close(r->tmp_fd);
    if (r->path_fd >= 0)
        close(r->path_fd);
    zq_free(r);
}

enum tbl_format
tbl_format(const struct tbl_reader *r)
{
    return r->fmt;
}

const char *
tbl_encoding(const struct tbl_reader *r)
{
    return r->fmt == TBL_CSV ? csv_encoding(r->csv) : "XLSX";
}

const char *
tbl_sheet_name(const struct tbl_reader *r)
{
    return r->fmt == TBL_XLSX ? xlsx_sheet_name(r->xlsx) : NULL;
}

void
tbl_progress(const struct tbl_reader *r, uint64_t *done, uint64_t *total)
{
    if (r->fmt == TBL_CSV)
        csv_progress(r->csv, done, total);
    else
        xlsx_progress(r->xlsx, done, total);
}
