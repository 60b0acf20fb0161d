/*
 * notice.c - the 维权信息告示牌 (see notice.h), laid out with export/pdf.h.
 */
#include "svc/notice.h"

#include <stdio.h>
#include <string.h>

#include "core/alloc.h"
#include "core/money.h"
#include "core/str.h"
#include "export/pdf.h"
#include "store/store_report.h"

#define MAX_SUBS 24

struct facts {
    char name[256], region[16], builder[256], contractor[256], clerk[64], industry[32];
    char subs[MAX_SUBS][160];
    int nsubs;
};

static int
take(void *ctx, const char *kind, const char *name, const char *extra)
{
    struct facts *f = ctx;

    if (strcmp(kind, "project") == 0) {
        snprintf(f->name, sizeof f->name, "%s", name);
        snprintf(f->region, sizeof f->region, "%s", extra);
    } else if (strcmp(kind, "builder") == 0) {
        snprintf(f->builder, sizeof f->builder, "%s", name);
    } else if (strcmp(kind, "contractor") == 0) {
        snprintf(f->contractor, sizeof f->contractor, "%s", name);
    } else if (strcmp(kind, "subcontractor") == 0 && f->nsubs < MAX_SUBS) {
        snprintf(f->subs[f->nsubs++], sizeof f->subs[0], "%s（%s）", name, extra);
    } else if (strcmp(kind, "clerk") == 0) {
        snprintf(f->clerk, sizeof f->clerk, "%s", name);
        snprintf(f->industry, sizeof f->industry, "%s", extra);
    }
    return 0;
}

/* rules.min_wage_regions by longest matching code, else rules.min_wage_yuan
 * (the same lookup as rule W19). */
static int64_t
min_wage_fen(const struct app *a, const char *region)
{
    const char *list = config_get(a->cfg, "rules.min_wage_regions");
    struct str rest = str_from(list != NULL ? list : ""), item, code, val;
    int64_t best = 0, v;
    size_t best_len = 0;

    if (money_parse(str_from(config_get(a->cfg, "rules.min_wage_yuan")), &best, NULL) < 0)
        best = 0;
    while (rest.len > 0) {
        (void)str_split(rest, ',', &item, &rest); /* the last item: all of rest */
        if (!str_split(str_trim(item), ':', &code, &val))
            continue;
        code = str_trim(code);
        while (code.len > 2 && code.p[code.len - 1] == '0' && code.p[code.len - 2] == '0')
            code.len -= 2;
        if (code.len > best_len && strncmp(region, code.p, code.len) == 0 &&
            money_parse(str_trim(val), &v, NULL) == 0) {
            best = v;
            best_len = code.len;
        }
    }
    return best;
}

void
notice_complaint_url(const struct app *a, const char *code, char *out, size_t cap)
{
    const char *base = config_get(a->cfg, "server.public_url");
    size_t n, bl = base != NULL ? strlen(base) : 0;

    while (bl > 0 && base[bl - 1] == '/')
        bl--;
    n = (size_t)snprintf(out, cap, "%.*s/public/complaint?project=", (int)bl, base ? base : "");
    for (const unsigned char *p = (const unsigned char *)code; *p && n + 4 < cap; p++) {
        if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
            *p == '-' || *p == '_' || *p == '.')
            out[n++] = (char)*p;
        else
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", *p);
    }
    out[n < cap ? n : cap - 1] = '\0';
}

static const char *
dept_of(const char *industry)
{
    if (strcmp(industry, "住建") == 0)
        return "住房和城乡建设局";
    if (strcmp(industry, "交通") == 0)
        return "交通运输局";
    if (strcmp(industry, "水利") == 0)
        return "水利局";
    if (strcmp(industry, "农业农村") == 0)
        return "农业农村局";
    return "人力资源和社会保障局";
}

/* What the board says, every text a cell of the PDF's table or a field of
 * the public JSON. */
struct board {
    struct facts f;
    const struct region *reg;
    char subs[MAX_SUBS * 170], wage[64], url[512], dept[160], hot[512], chan[512];
    int64_t wage_fen;
};

static int
board_build(struct app *a, const char *code, const char *lo, const char *hi, struct board *b,
            struct zq_err *err)
{
    const struct region_table *t;
    char m[MONEY_GROUPED_LEN];
    int rc;

    memset(b, 0, sizeof *b);
    if ((rc = store_report_project_parties(a->st, lo ? lo : "0", hi ? hi : "999999999", code, take,
                                           &b->f, err)) < 0 ||
        (rc = app_regions(a, &t, err)) < 0)
        return rc;
    b->reg = region_find(t, b->f.region);
    for (int i = 0; i < b->f.nsubs; i++) {
        size_t n = strlen(b->subs);
        snprintf(b->subs + n, sizeof b->subs - n, "%s%s", i ? "\n" : "", b->f.subs[i]);
    }
    b->wage_fen = min_wage_fen(a, b->f.region);
    snprintf(b->wage, sizeof b->wage, "%s 元/月", money_format(b->wage_fen, m));
    snprintf(b->dept, sizeof b->dept, "%s%s", b->reg != NULL ? b->reg->name : "",
             dept_of(b->f.industry));
    snprintf(b->hot, sizeof b->hot, "%s", config_get(a->cfg, "notice.hotlines"));
    for (char *p = b->hot; *p; p++)
        if (*p == ';')
            *p = '\n';
    snprintf(b->chan, sizeof b->chan,
             "扫描下方二维码网上投诉（已填好本项目）；拨打上述热线；到%s%s劳动保障监察机构当面投诉",
             b->reg != NULL ? b->reg->name : "", "人力资源和社会保障局");
    notice_complaint_url(a, code, b->url, sizeof b->url);
    return 0;
}

int
notice_board_json(struct app *a, const char *code, json_t **out, struct zq_err *err)
{
    struct board *b = zq_malloc(sizeof *b);
    char m[MONEY_STR_LEN];
    json_t *subs, *hot;
    int rc;

    *out = NULL;
    if ((rc = board_build(a, code, NULL, NULL, b, err)) < 0) {
        zq_free(b);
        return rc;
    }
    subs = json_array();
    for (int i = 0; i < b->f.nsubs; i++)
        json_array_append_new(subs, json_string(b->f.subs[i]));
    hot = json_array();
    for (const char *p = b->hot; *p;) {
        size_t n = strcspn(p, "\n");
        if (n > 0)
            json_array_append_new(hot, json_stringn(p, n));
        p += n + (p[n] == '\n');
    }
    *out = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s?, s:s, s:s, s:o, s:s, s:s}",
                     "code", code, "name", b->f.name, "region_code", b->f.region, "region_name",
                     b->reg != NULL ? b->reg->name : "", "builder", b->f.builder, "contractor",
                     b->f.contractor, "subcontractors", subs, "industry", b->f.industry,
                     "industry_dept", b->dept, "wage_clerk", b->f.clerk[0] ? b->f.clerk : NULL,
                     "min_wage", money_format(b->wage_fen, m), "pay_day",
                     config_get(a->cfg, "notice.pay_day"), "hotlines", hot, "channels", b->chan,
                     "complaint_url", b->url);
    zq_free(b);
    return *out != NULL ? 0 : zq_err_set(err, ZQ_EINTERNAL, "告示牌内容无法编成 JSON");
}

int
notice_board_pdf(struct app *a, const char *code, const char *lo, const char *hi, const char *path,
                 struct zq_err *err)
{
    static const double widths[2] = { 1, 3.2 };
    static const bool right[2] = { false, false };
    static const char *const head[2] = { "项目", "内容" };
    struct board *b = zq_malloc(sizeof *b);
    char sub[320];
    const char *cells[20];
    struct pdf_doc *d;
    struct zq_err e2;
    int rc, rc2;

    if ((rc = board_build(a, code, lo, hi, b, err)) < 0) {
        zq_free(b);
        return rc;
    }
    cells[0] = "建设单位", cells[1] = b->f.builder;
    cells[2] = "施工总承包单位", cells[3] = b->f.contractor;
    cells[4] = "项目部", cells[5] = b->f.name;
    cells[6] = "分包单位", cells[7] = b->f.nsubs ? b->subs : "无";
    cells[8] = "行业主管部门", cells[9] = b->dept;
    cells[10] = "劳资专管员", cells[11] = b->f.clerk[0] ? b->f.clerk : "（未登记）";
    cells[12] = "当地最低工资标准", cells[13] = b->wage;
    cells[14] = "工资支付日", cells[15] = config_get(a->cfg, "notice.pay_day");
    cells[16] = "投诉电话", cells[17] = b->hot;
    cells[18] = "投诉渠道", cells[19] = b->chan;
    if ((rc = pdf_open(path, false, &d, err)) < 0) {
        zq_free(b);
        return rc;
    }
    snprintf(sub, sizeof sub, "%s（项目编号 %s）", b->f.name, code);
    pdf_title(d, "维权信息告示牌", sub, "依据《保障农民工工资支付条例》第三十四条设置",
              "欠薪可投诉 · 信息受保护");
    struct pdf_table tb = { .ncols = 2,
                            .nrows = 10,
                            .widths = widths,
                            .head = head,
                            .right = right,
                            .cells = cells,
                            .size = 12 };
    pdf_table(d, &tb);
    pdf_text(d,
             "农民工有权按时足额获得工资。用人单位应当按照与农民工书面约定的工资支付周期和具体"
             "支付日期足额支付工资；施工总承包单位应当按照有关规定开设农民工工资专用账户，"
             "由分包单位委托施工总承包单位代发工资。遇到拖欠工资，请保留考勤、工资单等证据，"
             "通过下列渠道投诉举报，投诉人的个人信息依法保密。",
             10.5);
    pdf_space(d, 6);
    rc = pdf_qrcode(d, b->url, (pdf_width(d) - 150) / 2, 150, "扫码投诉欠薪", err);
    if (rc == 0)
        pdf_text(d, b->url, 8);
    /* after a failed QR code, that failure is the error to report */
    rc2 = pdf_close(d, rc == 0 ? err : &e2);
    zq_free(b);
    return rc < 0 ? rc : rc2;
}
