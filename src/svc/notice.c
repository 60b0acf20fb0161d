/*
 * notice.c - the 维权信息告示牌 (see notice.h), laid out with export/pdf.h.
 */
#include "svc/notice.h"

#include <stdio.h>
#include <string.h>

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

int
notice_board_pdf(struct app *a, const char *code, const char *lo, const char *hi, const char *path,
                 struct zq_err *err)
{
    static const double widths[2] = { 1, 3.2 };
    static const bool right[2] = { false, false };
    static const char *const head[2] = { "项目", "内容" };
    const struct region_table *t;
    const struct region *reg;
    struct facts f = { 0 };
    char subs[MAX_SUBS * 170] = "", wage[64], m[MONEY_GROUPED_LEN], url[512], dept[160];
    char sub[320], hot[512], chan[512];
    const char *cells[20];
    struct pdf_doc *d;
    int rc;

    if ((rc = store_report_project_parties(a->st, lo ? lo : "0", hi ? hi : "999999999", code, take,
                                           &f, err)) < 0 ||
        (rc = app_regions(a, &t, err)) < 0)
        return rc;
    reg = region_find(t, f.region);
    for (int i = 0; i < f.nsubs; i++) {
        size_t n = strlen(subs);
        snprintf(subs + n, sizeof subs - n, "%s%s", i ? "\n" : "", f.subs[i]);
    }
    snprintf(wage, sizeof wage, "%s 元/月", money_format(min_wage_fen(a, f.region), m));
    snprintf(dept, sizeof dept, "%s%s", reg != NULL ? reg->name : "", dept_of(f.industry));
    snprintf(hot, sizeof hot, "%s", config_get(a->cfg, "notice.hotlines"));
    for (char *p = hot; *p; p++)
        if (*p == ';')
            *p = '\n';
    snprintf(chan, sizeof chan,
             "扫描下方二维码网上投诉（已填好本项目）；拨打上述热线；到%s%s劳动保障监察机构当面投诉",
             reg != NULL ? reg->name : "", "人力资源和社会保障局");
    notice_complaint_url(a, code, url, sizeof url);
    cells[0] = "建设单位", cells[1] = f.builder;
    cells[2] = "施工总承包单位", cells[3] = f.contractor;
    cells[4] = "项目部", cells[5] = f.name;
    cells[6] = "分包单位", cells[7] = f.nsubs ? subs : "无";
    cells[8] = "行业主管部门", cells[9] = dept;
    cells[10] = "劳资专管员", cells[11] = f.clerk[0] ? f.clerk : "（未登记）";
    cells[12] = "当地最低工资标准", cells[13] = wage;
    cells[14] = "工资支付日", cells[15] = config_get(a->cfg, "notice.pay_day");
    cells[16] = "投诉电话", cells[17] = hot;
    cells[18] = "投诉渠道", cells[19] = chan;
    if ((rc = pdf_open(path, false, &d, err)) < 0)
        return rc;
    snprintf(sub, sizeof sub, "%s（项目编号 %s）", f.name, code);
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
    if ((rc = pdf_qrcode(d, url, (pdf_width(d) - 150) / 2, 150, "扫码投诉欠薪", err)) < 0) {
        struct zq_err e2;
        if (pdf_close(d, &e2) < 0)
            return rc; /* the first error is the one to report */
        return rc;
    }
    pdf_text(d, url, 8);
    return pdf_close(d, err);
}
