/*
 * report_out.c - renders a built report as a terminal table, CSV, JSON,
 * XLSX (export/xlsx.h) or an A4 PDF (export/pdf.h).  Money is fen until the
 * last step: decimal-yuan strings from money_format(), XLSX numbers from
 * xw_fen(), chart bars in 万元 (drawing only).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/money.h"
#include "export/pdf.h"
#include "export/xlsx.h"
#include "svc/report.h"

enum fk { FK_INT, FK_FEN };

/* The figures in enum srep_fig order: CSV/JSON key, Chinese title, group. */
static const struct {
    const char *key, *title, *group;
    enum fk kind;
} figs[SREP__N] = {
    [SREP_CLUES_RECEIVED] = { "clues_received", "收到线索", "线索", FK_INT },
    [SREP_CLUES_ACCEPTED] = { "clues_accepted", "受理", "线索", FK_INT },
    [SREP_CLUES_CLOSED] = { "clues_closed", "办结", "线索", FK_INT },
    [SREP_CLUES_ON_TIME] = { "clues_on_time", "按期办结", "线索", FK_INT },
    [SREP_CLUES_RATED] = { "clues_rated", "回访", "线索", FK_INT },
    [SREP_CLUES_SATISFIED] = { "clues_satisfied", "满意", "线索", FK_INT },
    [SREP_CLUES_OVERDUE] = { "clues_overdue", "逾期线索", "线索", FK_INT },
    [SREP_CASES_OPENED] = { "cases_opened", "立案", "案件", FK_INT },
    [SREP_CASES_CLOSED] = { "cases_closed", "结案", "案件", FK_INT },
    [SREP_CASES_OVERDUE] = { "cases_overdue", "超期案件", "案件", FK_INT },
    [SREP_NEW_ARREARS] = { "new_arrears", "新增欠薪（元）", "欠薪", FK_FEN },
    [SREP_OPEN_ARREARS] = { "open_arrears", "欠薪余额（元）", "欠薪", FK_FEN },
    [SREP_OPEN_WORKERS] = { "open_workers", "涉及人数", "欠薪", FK_INT },
    [SREP_RECOVERED] = { "recovered", "清偿金额（元）", "清偿", FK_FEN },
    [SREP_PAID_EMPLOYER] = { "paid_employer", "用人单位", "清偿", FK_FEN },
    [SREP_PAID_CONTRACTOR] = { "paid_contractor", "总包先行清偿", "清偿", FK_FEN },
    [SREP_PAID_BUILDER] = { "paid_builder", "建设单位垫付", "清偿", FK_FEN },
    [SREP_PAID_DEPOSIT] = { "paid_deposit", "保证金", "清偿", FK_FEN },
    [SREP_PAID_FUND] = { "paid_fund", "应急周转金", "清偿", FK_FEN },
    [SREP_PAID_OTHER] = { "paid_other", "其他", "清偿", FK_FEN },
    [SREP_ADVANCES] = { "fund_advances", "垫付笔数", "应急周转金", FK_INT },
    [SREP_ADVANCED] = { "fund_advanced", "垫付金额（元）", "应急周转金", FK_FEN },
    [SREP_QLZ_OPEN] = { "qlz_open_arrears", "政府和国企项目欠薪余额（元）", "两清零", FK_FEN },
    [SREP_WARN_RED] = { "warnings_red", "红色", "预警", FK_INT },
    [SREP_WARN_ORANGE] = { "warnings_orange", "橙色", "预警", FK_INT },
    [SREP_WARN_YELLOW] = { "warnings_yellow", "黄色", "预警", FK_INT },
    [SREP_INCIDENTS] = { "incidents", "起数", "突发事件", FK_INT },
    [SREP_INCIDENT_PEOPLE] = { "incident_people", "人数", "突发事件", FK_INT },
    [SREP_INCIDENT_MAX] = { "incident_max", "单起最多人数", "突发事件", FK_INT },
    [SREP_ZERO_FILED] = { "zero_reports", "零报告已报", "零报告", FK_INT },
};

static const char *const rate_keys[RI__N] = { "ontime_rate", "recovery_rate", "satisfaction_rate",
                                              "incident_score", "zero_rate" };
static const char *const rate_titles[RI__N] = { "按期办结率", "清欠率", "满意率", "突发事件得分率",
                                                "零报告率" };

int
report_format_parse(const char *s)
{
    static const char *const names[] = { "table", "csv", "json", "xlsx", "pdf" };

    for (int i = 0; i < 5; i++)
        if (s != NULL && strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *
fig_text(enum fk k, int64_t v, char *buf, size_t cap)
{
    char m[MONEY_GROUPED_LEN];

    if (k == FK_FEN)
        snprintf(buf, cap, "%s", money_format(v, m));
    else
        snprintf(buf, cap, "%lld", (long long)v);
    return buf;
}

/* ------------------------------------------------------------ csv, json */

static void
csv_str(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

static void
json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void
csv_row(FILE *f, const struct report_row *row)
{
    char buf[64];

    csv_str(f, row->code);
    fputc(',', f);
    csv_str(f, row->name);
    fprintf(f, ",%d,%.2f,%s", row->cur.rank, row->cur.score, row->grade);
    for (int i = 0; i < SREP__N; i++)
        fprintf(f, ",%s", fig_text(figs[i].kind, row->cur.f[i], buf, sizeof buf));
    fprintf(f, ",%lld", (long long)row->cur.zero_expected);
    for (int i = 0; i < RI__N; i++)
        fprintf(f, ",%.4f", row->cur.rate[i]);
    fprintf(f, ",%d,%.2f", row->prev.rank, row->prev.score);
    for (int i = 0; i < SREP__N; i++)
        fprintf(f, ",%s", fig_text(figs[i].kind, row->prev.f[i], buf, sizeof buf));
    fputc('\n', f);
}

static void
write_csv(const struct report *r, FILE *f)
{
    fputs("code,name,rank,score,grade", f);
    for (int i = 0; i < SREP__N; i++)
        fprintf(f, ",%s", figs[i].key);
    fputs(",zero_expected", f);
    for (int i = 0; i < RI__N; i++)
        fprintf(f, ",%s", rate_keys[i]);
    fputs(",prev_rank,prev_score", f);
    for (int i = 0; i < SREP__N; i++)
        fprintf(f, ",prev_%s", figs[i].key);
    fputc('\n', f);
    for (int i = 0; i < r->nrows; i++)
        csv_row(f, &r->rows[i]);
    csv_row(f, &r->total);
}

static void
json_figs(FILE *f, const struct report_figs *g)
{
    char buf[64];

    fprintf(f, "{\"rank\":%d,\"score\":\"%.2f\"", g->rank, g->score);
    for (int i = 0; i < SREP__N; i++) {
        fprintf(f, ",\"%s\":", figs[i].key);
        if (figs[i].kind == FK_FEN)
            json_str(f, fig_text(FK_FEN, g->f[i], buf, sizeof buf));
        else
            fprintf(f, "%lld", (long long)g->f[i]);
    }
    if (g->zero_expected >= 0)
        fprintf(f, ",\"zero_expected\":%lld", (long long)g->zero_expected);
    else
        fputs(",\"zero_expected\":null", f);
    for (int i = 0; i < RI__N; i++)
        fprintf(f, ",\"%s\":\"%.4f\"", rate_keys[i], g->rate[i]);
    fputc('}', f);
}

static void
json_row(FILE *f, const struct report_row *row)
{
    fputs("{\"code\":", f);
    json_str(f, row->code);
    fputs(",\"name\":", f);
    json_str(f, row->name);
    fprintf(f, ",\"grade\":\"%s\",\"grade_reason\":", row->grade);
    json_str(f, row->grade_reason);
    fputs(",\"current\":", f);
    json_figs(f, &row->cur);
    fputs(",\"previous\":", f);
    json_figs(f, &row->prev);
    fputc('}', f);
}

static void
write_json(const struct report *r, FILE *f)
{
    static const char *const kinds[] = { "weekly", "monthly", "assessment" };
    char a[DATE_STR_LEN], b[DATE_STR_LEN], c[DATE_STR_LEN], d[DATE_STR_LEN];

    fprintf(f, "{\"kind\":\"%s\",\"title\":", kinds[r->kind]);
    json_str(f, report_kind_title(r->kind));
    fprintf(f, ",\"region\":\"%s\",\"region_name\":", r->region);
    json_str(f, r->region_name);
    fputs(",\"unit\":", f);
    json_str(f, r->unit);
    fprintf(f, ",\"rows_by\":\"%s\",\"period\":{\"from\":\"%s\",\"to\":\"%s\",\"label\":", r->by,
            date_format(r->from, a), date_format(r->to, b));
    json_str(f, r->label);
    fprintf(f, "},\"previous_period\":{\"from\":\"%s\",\"to\":\"%s\",\"label\":",
            date_format(r->prev_from, c), date_format(r->prev_to, d));
    json_str(f, r->prev_label);
    fputs("},\"weights\":{", f);
    for (int i = 0; i < RI__N; i++)
        fprintf(f, "%s\"%s\":%d", i ? "," : "", rate_keys[i], r->weights[i]);
    fprintf(f, "},\"grade_a\":%d,\"grade_c\":%d,\"incident_people\":%d,\"total\":", r->grade_a,
            r->grade_c, r->incident_people);
    json_row(f, &r->total);
    fputs(",\"items\":[", f);
    for (int i = 0; i < r->nrows; i++) {
        if (i)
            fputc(',', f);
        json_row(f, &r->rows[i]);
    }
    fputs("]}\n", f);
}

/* ------------------------------------------------------------ table */

static void
write_table(const struct report *r, FILE *f)
{
    char m1[MONEY_GROUPED_LEN], m2[MONEY_GROUPED_LEN];

    fprintf(f, "%s%s\n%s　%s\n", r->region_name, report_kind_title(r->kind), r->label, r->unit);
    fputs("排名  得分    等级  线索(收/结/按期)  案件(立/结)  欠薪余额（元）    清偿（元）    "
          "预警(红/橙/黄)  事件  名称\n",
          f);
    for (int i = 0; i <= r->nrows; i++) {
        const struct report_row *w = i < r->nrows ? &r->rows[i] : &r->total;
        const int64_t *g = w->cur.f;
        char rank[8] = "";
        if (i < r->nrows)
            snprintf(rank, sizeof rank, "%d", w->cur.rank);
        fprintf(f,
                "%-5s %6.2f  %-4s  %4lld/%4lld/%4lld    %4lld/%4lld  %16s  %14s  %4lld/%4lld/%4lld"
                "  %4lld  %s\n",
                rank, w->cur.score, w->grade, (long long)g[SREP_CLUES_RECEIVED],
                (long long)g[SREP_CLUES_CLOSED], (long long)g[SREP_CLUES_ON_TIME],
                (long long)g[SREP_CASES_OPENED], (long long)g[SREP_CASES_CLOSED],
                money_format_grouped(g[SREP_OPEN_ARREARS], m1),
                money_format_grouped(g[SREP_RECOVERED], m2), (long long)g[SREP_WARN_RED],
                (long long)g[SREP_WARN_ORANGE], (long long)g[SREP_WARN_YELLOW],
                (long long)g[SREP_INCIDENTS], w->name);
    }
}

/* ------------------------------------------------------------ xlsx */

static int
write_xlsx(const struct report *r, const char *path, struct zq_err *err)
{
    struct xw_col cols[4 + SREP__N + 1 + RI__N + 2];
    const char *groups[4 + SREP__N + 1 + RI__N + 2];
    char title[160], sub[320];
    struct xw_book *b;
    int n = 0, rc;

    cols[n] = (struct xw_col){ "排名", 6, XW_INT }, groups[n++] = "综合";
    cols[n] = (struct xw_col){ strcmp(r->by, "dept") == 0 ? "部门" : "地区", 14, XW_TEXT },
    groups[n++] = "综合";
    cols[n] = (struct xw_col){ "得分", 8, XW_NUM }, groups[n++] = "综合";
    cols[n] = (struct xw_col){ "等级", 6, XW_TEXT }, groups[n++] = "综合";
    for (int i = 0; i < SREP__N; i++) {
        cols[n] = (struct xw_col){ figs[i].title, figs[i].kind == FK_FEN ? 15 : 9,
                                   figs[i].kind == FK_FEN ? XW_YUAN : XW_INT };
        groups[n++] = figs[i].group;
    }
    cols[n] = (struct xw_col){ "零报告应报", 9, XW_INT }, groups[n++] = "零报告";
    for (int i = 0; i < RI__N; i++)
        cols[n] = (struct xw_col){ rate_titles[i], 10, XW_PCT }, groups[n++] = "考核指标";
    cols[n] = (struct xw_col){ "上期排名", 8, XW_INT }, groups[n++] = "较上期";
    cols[n] = (struct xw_col){ "上期得分", 8, XW_NUM }, groups[n++] = "较上期";
    if ((rc = xw_open(path, &b, err)) < 0)
        return rc;
    for (int pass = 0; pass < 2; pass++) {
        const char *lbl = pass == 0 ? r->label : r->prev_label;
        struct xw_sheet *s;
        snprintf(title, sizeof title, "%s%s", r->region_name, report_kind_title(r->kind));
        snprintf(sub, sizeof sub, "%s%s　填报单位：%s　金额单位：元", pass ? "上期：" : "", lbl,
                 r->unit);
        s = xw_sheet(b, pass == 0 ? "本期" : "上期", title, sub, cols, n, groups);
        for (int i = 0; i <= r->nrows; i++) {
            const struct report_row *w = i < r->nrows ? &r->rows[i] : &r->total;
            const struct report_figs *g = pass == 0 ? &w->cur : &w->prev;
            int c = 0, tot = i == r->nrows;
            if (tot)
                xw_text(s, i, c++, "", 1);
            else
                xw_int(s, i, c++, g->rank, 0);
            xw_text(s, i, c++, w->name, tot);
            xw_num(s, i, c++, g->score, tot);
            xw_text(s, i, c++, pass == 0 ? w->grade : "", tot);
            for (int k = 0; k < SREP__N; k++) {
                if (figs[k].kind == FK_FEN)
                    xw_fen(s, i, c++, g->f[k], tot);
                else
                    xw_int(s, i, c++, g->f[k], tot);
            }
            if (g->zero_expected >= 0)
                xw_int(s, i, c++, g->zero_expected, tot);
            else
                xw_text(s, i, c++, "—", tot);
            for (int k = 0; k < RI__N; k++)
                xw_ratio(s, i, c++, g->rate[k], tot);
            if (tot || pass) {
                xw_text(s, i, c++, "", tot);
                xw_text(s, i, c++, "", tot);
            } else {
                xw_int(s, i, c++, w->prev.rank, 0);
                xw_num(s, i, c++, w->prev.score, 0);
            }
        }
        xw_note(s, r->nrows + 2,
                "说明：指标口径见 docs/reports.md；欠薪余额、预警数为期末时点数，其余为期内发生数；"
                "得分 = Σ 权重 × 指标得分率。");
    }
    return xw_close(b, err);
}

/* ------------------------------------------------------------ pdf */

#define PDF_MAX_ROWS 256

struct grid {
    const char *cells[(PDF_MAX_ROWS + 1) * 16];
    char text[(PDF_MAX_ROWS + 1) * 16][128];
    const char *packed[(PDF_MAX_ROWS + 1) * 16];
    bool bold[PDF_MAX_ROWS + 1];
};

static const char *
cell(struct grid *g, int row, int col, const char *fmt_text)
{
    char *t = g->text[row * 16 + col];

    snprintf(t, 128, "%s", fmt_text);
    g->cells[row * 16 + col] = t;
    return t;
}

static void
delta_text(char *buf, size_t cap, int64_t cur, int64_t prev, enum fk k)
{
    char m[MONEY_GROUPED_LEN];
    int64_t d = cur - prev;

    if (d == 0) {
        snprintf(buf, cap, "持平");
        return;
    }
    if (k == FK_FEN)
        snprintf(buf, cap, "%s%s", d > 0 ? "+" : "-", money_format_grouped(d > 0 ? d : -d, m));
    else
        snprintf(buf, cap, "%+lld", (long long)d);
}

/* One PDF table of the columns fig[0..nf) (SREP indexes; -1 the score,
 * -2 the rank change) for every row, the total, and the change of the total. */
static void
pdf_fig_table(struct pdf_doc *d, const struct report *r, struct grid *g, const int *fi, int nf)
{
    const char *head[16];
    double widths[16];
    bool right[16];
    char buf[64];
    int nc = nf + 2, nr = 0;

    head[0] = "排名", widths[0] = 0.5, right[0] = true;
    head[1] = strcmp(r->by, "dept") == 0 ? "部门" : "地区", widths[1] = 1.4, right[1] = false;
    for (int j = 0; j < nf; j++) {
        head[j + 2] = fi[j] == -1 ? "得分" : fi[j] == -2 ? "排名较上期" : figs[fi[j]].title;
        widths[j + 2] = fi[j] >= 0 && figs[fi[j]].kind == FK_FEN ? 1.5 : 0.9;
        right[j + 2] = true;
    }
    memset(g->bold, 0, sizeof g->bold);
    for (int i = 0; i <= r->nrows + 1 && nr < PDF_MAX_ROWS - 1; i++, nr++) {
        const struct report_row *w = i < r->nrows ? &r->rows[i] : &r->total;
        bool chg = i == r->nrows + 1;
        g->bold[nr] = i >= r->nrows;
        if (i < r->nrows)
            snprintf(buf, sizeof buf, "%d", w->cur.rank);
        else
            buf[0] = '\0';
        cell(g, nr, 0, buf);
        cell(g, nr, 1, chg ? "较上期" : w->name);
        for (int j = 0; j < nf; j++) {
            int k = fi[j];
            if (k == -1 && chg)
                snprintf(buf, sizeof buf, "%+.2f", w->cur.score - w->prev.score);
            else if (k == -1)
                snprintf(buf, sizeof buf, "%.2f", w->cur.score);
            else if (k == -2 && i < r->nrows && w->prev.rank == w->cur.rank)
                snprintf(buf, sizeof buf, "持平");
            else if (k == -2 && i < r->nrows)
                snprintf(buf, sizeof buf, "%+d", w->prev.rank - w->cur.rank);
            else if (k == -2)
                buf[0] = '\0';
            else if (k == SREP_ZERO_FILED && w->cur.zero_expected < 0)
                snprintf(buf, sizeof buf, "—");
            else if (chg)
                delta_text(buf, sizeof buf, w->cur.f[k], w->prev.f[k], figs[k].kind);
            else if (figs[k].kind == FK_FEN) {
                char m[MONEY_GROUPED_LEN];
                snprintf(buf, sizeof buf, "%s", money_format_grouped(w->cur.f[k], m));
            } else
                snprintf(buf, sizeof buf, "%lld", (long long)w->cur.f[k]);
            cell(g, nr, j + 2, buf);
        }
    }
    /* rows are laid out with a stride of 16 cells: repack for pdf_table */
    {
        for (int i = 0; i < nr; i++)
            for (int j = 0; j < nc; j++)
                g->packed[i * nc + j] = g->cells[i * 16 + j];
        struct pdf_table t = { .ncols = nc,
                               .nrows = nr,
                               .widths = widths,
                               .head = head,
                               .right = right,
                               .cells = g->packed,
                               .bold = g->bold,
                               .size = 8 };
        pdf_table(d, &t);
    }
}

static const int tab_clues[] = { SREP_CLUES_RECEIVED, SREP_CLUES_ACCEPTED, SREP_CLUES_CLOSED,
                                 SREP_CLUES_ON_TIME,  SREP_CLUES_OVERDUE,  SREP_CASES_OPENED,
                                 SREP_CASES_CLOSED,   SREP_CASES_OVERDUE };
static const int tab_money[] = { SREP_NEW_ARREARS,  SREP_OPEN_ARREARS,  SREP_OPEN_WORKERS,
                                 SREP_RECOVERED,    SREP_PAID_EMPLOYER, SREP_PAID_CONTRACTOR,
                                 SREP_PAID_BUILDER, SREP_PAID_FUND,     SREP_QLZ_OPEN };
static const int tab_risk[] = { SREP_WARN_RED,
                                SREP_WARN_ORANGE,
                                SREP_WARN_YELLOW,
                                SREP_INCIDENTS,
                                SREP_INCIDENT_PEOPLE,
                                SREP_ZERO_FILED,
                                SREP_ADVANCED,
                                -1,
                                -2 };

static void
pdf_rates(struct pdf_doc *d, const struct report *r, struct grid *g)
{
    const char *head[9] = { "排名",     "地区",     "按期办结率", "清欠率", "满意率",
                            "突发事件", "零报告率", "得分",       "等级" };
    double widths[9] = { 0.5, 1.4, 1, 1, 1, 1, 1, 0.8, 1.6 };
    bool right[9] = { true, false, true, true, true, true, true, true, false };
    char buf[128];
    int nr = 0;

    if (strcmp(r->by, "dept") == 0)
        head[1] = "部门";
    memset(g->bold, 0, sizeof g->bold);
    for (int i = 0; i <= r->nrows && nr < PDF_MAX_ROWS - 1; i++, nr++) {
        const struct report_row *w = i < r->nrows ? &r->rows[i] : &r->total;
        g->bold[nr] = i == r->nrows;
        if (i < r->nrows)
            snprintf(buf, sizeof buf, "%d", w->cur.rank);
        else
            buf[0] = '\0'; /* the total row has no rank */
        g->packed[nr * 9] = cell(g, nr, 0, buf);
        g->packed[nr * 9 + 1] = cell(g, nr, 1, w->name);
        for (int k = 0; k < RI__N; k++) {
            snprintf(buf, sizeof buf, "%.1f%%", w->cur.rate[k] * 100);
            g->packed[nr * 9 + 2 + k] = cell(g, nr, 2 + k, buf);
        }
        snprintf(buf, sizeof buf, "%.2f", w->cur.score);
        g->packed[nr * 9 + 7] = cell(g, nr, 7, buf);
        snprintf(buf, sizeof buf, "%s%s%s%s", w->grade, w->grade_reason[0] ? "（" : "",
                 w->grade_reason, w->grade_reason[0] ? "）" : "");
        g->packed[nr * 9 + 8] = cell(g, nr, 8, buf);
    }
    struct pdf_table t = { .ncols = 9,
                           .nrows = nr,
                           .widths = widths,
                           .head = head,
                           .right = right,
                           .cells = g->packed,
                           .bold = g->bold,
                           .size = 8 };
    pdf_table(d, &t);
}

static int
write_pdf(const struct report *r, const char *path, struct zq_err *err)
{
    struct grid *g = zq_calloc(1, sizeof *g);
    char title[160], made[64], unit[200], weights[200];
    const char *labels[PDF_MAX_ROWS];
    double v1[PDF_MAX_ROWS], v2[PDF_MAX_ROWS];
    struct pdf_doc *d;
    int y, m, dd, rc, n = r->nrows < PDF_MAX_ROWS ? r->nrows : PDF_MAX_ROWS;

    if ((rc = pdf_open(path, true, &d, err)) < 0) {
        free(g);
        return rc;
    }
    date_to_ymd(r->made_on, &y, &m, &dd);
    snprintf(title, sizeof title, "%s%s", r->region_name, report_kind_title(r->kind));
    snprintf(unit, sizeof unit, "填报单位：%s", r->unit);
    snprintf(made, sizeof made, "制表日期：%d 年 %d 月 %d 日　金额单位：元", y, m, dd);
    pdf_title(d, title, r->label, unit, made);
    if (r->kind == REPORT_ASSESSMENT) {
        snprintf(weights, sizeof weights,
                 "考核权重：按期办结率 %d、清欠率 %d、满意率 %d、突发事件 %d、零报告 %d；"
                 "%d 分及以上为 A，低于 %d 分或发生 %d 人以上突发事件为 C，其余为 B。",
                 r->weights[0], r->weights[1], r->weights[2], r->weights[3], r->weights[4],
                 r->grade_a, r->grade_c, r->incident_people);
        pdf_heading(d, "一、考核得分与等级", 11);
        pdf_text(d, weights, 8.5);
        pdf_rates(d, r, g);
    }
    pdf_heading(d, r->kind == REPORT_ASSESSMENT ? "二、线索与案件办理" : "一、线索与案件办理", 11);
    pdf_fig_table(d, r, g, tab_clues, (int)(sizeof tab_clues / sizeof tab_clues[0]));
    pdf_heading(d, r->kind == REPORT_ASSESSMENT ? "三、欠薪与清偿" : "二、欠薪与清偿", 11);
    pdf_fig_table(d, r, g, tab_money, (int)(sizeof tab_money / sizeof tab_money[0]));
    pdf_heading(d,
                r->kind == REPORT_ASSESSMENT ? "四、预警、突发事件与零报告"
                                             : "三、预警、突发事件、零报告与综合排名",
                11);
    pdf_fig_table(d, r, g, tab_risk, (int)(sizeof tab_risk / sizeof tab_risk[0]));
    for (int i = 0; i < n; i++) {
        labels[i] = r->rows[i].name;
        v1[i] = (double)r->rows[i].cur.f[SREP_OPEN_ARREARS] / 1e6; /* 万元, drawing only */
        v2[i] = (double)r->rows[i].prev.f[SREP_OPEN_ARREARS] / 1e6;
    }
    if (n > 0) {
        struct pdf_chart c = { .title = "各单位欠薪余额（期末，万元）",
                               .n = n,
                               .labels = labels,
                               .v1 = v1,
                               .v2 = v2,
                               .name1 = "本期",
                               .name2 = "上期",
                               .unit = "万元",
                               .height = 190 };
        pdf_bar_chart(d, &c);
    }
    pdf_text(d,
             "说明：欠薪余额、涉及人数、预警数为期末时点数，其余为期内发生数；“较上期”为合计数与上"
             "期之差；"
             "得分按考核权重计算（各项得分率见 XLSX 或 JSON 导出），排名按得分从高到低。",
             8);
    rc = pdf_close(d, err);
    free(g);
    return rc;
}

int
report_write(const struct report *r, enum report_format fmt, const char *path, struct zq_err *err)
{
    FILE *f;

    if (fmt == RF_XLSX || fmt == RF_PDF) {
        if (path == NULL || strcmp(path, "-") == 0)
            return zq_err_set(err, ZQ_EUSAGE, "xlsx 和 pdf 格式须用 --out 指定输出文件");
        return fmt == RF_XLSX ? write_xlsx(r, path, err) : write_pdf(r, path, err);
    }
    f = path == NULL || strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
    if (f == NULL)
        return zq_err_set(err, ZQ_EIO, "无法创建文件 %s", path);
    if (fmt == RF_CSV)
        write_csv(r, f);
    else if (fmt == RF_JSON)
        write_json(r, f);
    else
        write_table(r, f);
    if (f != stdout && fclose(f) != 0)
        return zq_err_set(err, ZQ_EIO, "写入文件 %s 失败", path);
    return 0;
}
