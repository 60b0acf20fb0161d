/*
 * gen_cases.c - the generator's clues, cases, blacklist and manifest.
 *
 * Every clue imported without a state is 待受理, so a clue older than its
 * 5-working-day acceptance deadline would raise W17: all clues are therefore
 * received in the 3 days before the as-of date, the background ones one per
 * project or respondent and small (no W11, no W12).  Background cases are
 * closed and owed by enterprises on no project; background blacklist
 * entries name those enterprises too, so nothing here touches a clean
 * project.  The planted W11 clues and W12/W13/W17 cases sit on their own
 * plant projects and name the dedicated subcontractor.
 */
#include "svc/gen_int.h"

#define N_CASES(g) ((g)->nprojects / 40 > 4 ? (g)->nprojects / 40 : 4)
#define N_CLUES(g) ((g)->nprojects / 60 > 3 ? (g)->nprojects / 60 : 3)
#define N_WATCH(g) ((g)->nprojects / 150 > 2 ? (g)->nprojects / 150 : 2)
#define N_BLACK(g) ((g)->nprojects / 100 > 3 ? (g)->nprojects / 100 : 3)
#define CASE_PLANT 100000 /* plant cases are numbered from here */
#define CLUE_PLANT 200000

static const char *const channels[] = { "12345热线", "国家平台", "12333热线", "网上投诉", "来访" };
static const char *const channel_ids[] = { "12345-", "GJ", "12333-", "WS", "LF" };

struct clue {
    uint32_t no;
    int channel;
    zq_date day;
    int secs;
    const char *complainant, *cid, *phone;
    const char *respondent, *resp_uscc;
    const struct gen_project *p; /* NULL: no project */
    const char *region;
    int people;
    int64_t amount; /* fen, whole yuan */
    zq_month from, to;
};

static void
put_yuan(struct sb *b, int64_t fen)
{
    sb_num(b, (uint64_t)(fen / GEN_YUAN), 1);
    sb_put(b, "元");
}

static void
put_month(struct sb *b, zq_month m)
{
    sb_num(b, (uint64_t)month_year(m), 4);
    sb_put(b, "年");
    sb_num(b, (uint64_t)month_num(m), 1);
    sb_put(b, "月");
}

static void
clue_row(struct gen *g, const struct clue *c)
{
    struct gen_out *o = &g->out;
    char ext[32], desc[512], ymd[10];
    struct sb b;

    gen_fmt_date(c->day, ymd);
    sb_init(&b, ext, sizeof(ext));
    sb_put(&b, channel_ids[c->channel]);
    sb_putn(&b, ymd, 4);
    sb_putn(&b, ymd + 5, 2);
    sb_putn(&b, ymd + 8, 2);
    sb_num(&b, c->no, 6);
    sb_init(&b, desc, sizeof(desc));
    sb_put(&b, "反映");
    sb_put(&b, c->respondent);
    sb_put(&b, c->p != NULL ? "在" : "");
    sb_put(&b, c->p != NULL ? c->p->name : "");
    sb_put(&b, "拖欠");
    sb_num(&b, (uint64_t)c->people, 1);
    sb_put(&b, "人");
    put_month(&b, c->from);
    sb_put(&b, "至");
    put_month(&b, c->to);
    sb_put(&b, "工资共");
    put_yuan(&b, c->amount);
    sb_put(&b, "，多次讨要无果。");
    out_str(o, ext);
    out_c(o, ',');
    out_str(o, channels[c->channel]);
    out_c(o, ',');
    out_datetime(g, o, c->day, c->secs);
    out_c(o, ',');
    out_csv(o, c->complainant);
    out_c(o, ',');
    out_str(o, c->cid);
    out_c(o, ',');
    out_str(o, c->phone);
    out_c(o, ',');
    out_csv(o, c->respondent);
    out_c(o, ',');
    out_str(o, c->resp_uscc);
    out_c(o, ',');
    out_csv(o, c->p != NULL ? c->p->name : "");
    out_c(o, ',');
    out_str(o, c->p != NULL ? c->p->code : "");
    out_c(o, ',');
    out_str(o, c->region);
    out_str(o, ",工资,");
    out_u64(o, (uint64_t)c->people);
    out_c(o, ',');
    out_money(o, c->amount);
    out_c(o, ',');
    out_month(o, c->from);
    out_c(o, ',');
    out_month(o, c->to);
    out_c(o, ',');
    out_csv(o, desc);
    out_end_row(o);
}

/* A clue from worker w of project p (workers made), against its first
 * subcontractor. */
static void
project_clue(struct gen *g, const struct gen_project *p, int w, uint32_t no, int day_back,
             struct gen_rng *r)
{
    const struct gen_worker *wk = &g->w[w];
    struct clue c = { 0 };

    c.no = no;
    c.channel = (int)rng_below(r, 5);
    c.day = g->as_of - day_back;
    c.secs = (int)rng_range(r, 8 * 3600, 21 * 3600);
    c.complainant = wk->name;
    c.cid = rng_pct(r, 70) ? wk->id : "";
    c.phone = wk->phone;
    c.respondent = p->nsubs > 0 ? p->subs[0].name : p->builder_name;
    c.resp_uscc = p->nsubs > 0 ? p->subs[0].uscc : p->builder_uscc;
    c.p = p;
    c.region = p->county->code;
    c.people = (int)rng_range(r, 1, 6);
    c.amount = rng_range(r, 8, 60) * 1000 * GEN_YUAN;
    c.from = g->mplant - 1;
    c.to = g->mplant;
    clue_row(g, &c);
}

static void
factory_clue(struct gen *g, uint32_t i, struct gen_rng *r)
{
    struct gen_ent e;
    struct clue c = { 0 };
    char name[16], phone[12];

    gen_ent_make(g, g->ent_base[POOL_OTHER] + N_CASES(g) + i, &e);
    gen_person_name(r, rng_pct(r, 70), name, sizeof(name));
    gen_mobile(r, phone);
    c.no = i + 1;
    c.channel = (int)rng_below(r, 5);
    c.day = g->as_of - 1 - (zq_date)(i % 3);
    c.secs = (int)rng_range(r, 8 * 3600, 21 * 3600);
    c.complainant = name;
    c.cid = "";
    c.phone = phone;
    c.respondent = e.name;
    c.resp_uscc = e.uscc;
    c.region = e.region;
    c.people = (int)rng_range(r, 1, 8);
    c.amount = rng_range(r, 3, 90) * 1000 * GEN_YUAN;
    c.from = g->amonth - 3;
    c.to = g->amonth - 1;
    clue_row(g, &c);
}

void
gen_w_clues(struct gen *g)
{
    uint32_t n = N_CLUES(g);
    struct gen_project p;

    out_str(&g->out, "external_id,channel,received_at,complainant,complainant_id,phone,"
                     "respondent,respondent_uscc,project_name,project_code,region_code,nature,"
                     "people,amount,period_from,period_to,description\n");
    for (uint32_t i = 0; i < n; i++) {
        struct gen_rng r = { gen_hash(g->salt, 0xC1E0000 + (uint64_t)i) };
        uint32_t idx = (uint32_t)(((uint64_t)i * 2 + 1) * g->nprojects / (2ULL * n));

        /* odd clues on a clean project (the next one from idx), when there is one */
        gen_project_make(g, idx, &p);
        for (uint32_t tries = 1; p.plant != 0 && tries < g->nprojects; tries++)
            gen_project_make(g, (idx + tries) % g->nprojects, &p);
        if (i % 2 == 0 || p.plant != 0) {
            factory_clue(g, i, &r);
            continue;
        }
        gen_workers_make(g, &p);
        project_clue(g, &p, p.nworkers - 1, i + 1, 1 + (int)(i % 3), &r);
    }
    for (uint32_t s = 0; s < g->nplants; s++) {
        struct gen_rng r = { gen_hash(g->salt, 0xC1E1000000 + (uint64_t)s) };
        int variant;

        if (gen_slot_rule(s, &variant) != 11)
            continue;
        gen_project_make(g, gen_slot_project(g, s), &p);
        gen_workers_make(g, &p);
        for (int c = 0; c < 3; c++) /* W11: 3 clues in 3 days, 3 complainants */
            project_clue(g, &p, 4 + c, CLUE_PLANT + s * 4 + (uint32_t)c, 1 + c, &r);
    }
}

/* ---- cases ---- */

struct case_rec {
    uint32_t no;
    const char *region, *debtor_uscc, *debtor_name, *project_code;
    zq_date filed, closed;
    int people;
    int64_t amount;
    zq_month from;
};

static void
case_no(char out[40], const char *region, zq_date filed, uint32_t no)
{
    struct sb b;

    sb_init(&b, out, 40);
    sb_put(&b, "AJ");
    sb_put(&b, region);
    sb_put(&b, "-");
    sb_num(&b, (uint64_t)month_year(date_month(filed)), 4);
    sb_put(&b, "-");
    sb_num(&b, no, 6);
}

static void
case_row(struct gen *g, const struct case_rec *c)
{
    struct gen_out *o = &g->out;
    char no[40];

    case_no(no, c->region, c->filed, c->no);
    out_str(o, no);
    out_c(o, ',');
    out_str(o, c->region);
    out_c(o, ',');
    out_str(o, c->debtor_uscc);
    out_c(o, ',');
    out_csv(o, c->debtor_name);
    out_c(o, ',');
    out_str(o, c->project_code);
    out_c(o, ',');
    out_date(g, o, c->filed);
    out_c(o, ',');
    out_date(g, o, c->closed);
    out_c(o, ',');
    out_u64(o, (uint64_t)c->people);
    out_c(o, ',');
    out_money(o, c->amount);
    out_c(o, ',');
    out_month(o, c->from);
    out_c(o, ',');
    out_str(o, c->closed != GEN_NO_DATE ? "已责令支付，拖欠工资已全部结清" : "");
    out_end_row(o);
}

/* The open case of a W12, W13 or W17 plant (rule) on project p. */
static void
plant_case(const struct gen *g, const struct gen_project *p, int rule, struct case_rec *c)
{
    struct gen_rng r = { gen_hash(p->seed, 0xCA5E) };

    c->no = CASE_PLANT + p->slot;
    c->region = p->county->code;
    c->debtor_uscc = p->subs[0].uscc;
    c->debtor_name = p->subs[0].name;
    c->project_code = p->code;
    c->closed = GEN_NO_DATE;
    c->filed = g->as_of - (zq_date)rng_range(&r, 10, 30);
    if (rule == 12) { /* many people, recent */
        c->people = (int)rng_range(&r, 12, 25);
        c->amount = rng_range(&r, 200, 900) * 1000 * GEN_YUAN;
        c->from = date_month(g->as_of - (zq_date)rng_range(&r, 60, 120));
    } else if (rule == 13) { /* arrears since over a year */
        c->people = (int)rng_range(&r, 3, 8);
        c->amount = rng_range(&r, 30, 250) * 1000 * GEN_YUAN;
        c->from = g->amonth - (zq_month)rng_range(&r, 14, 24);
    } else { /* W17: past its 60 (+30) working days */
        c->filed = g->as_of - (zq_date)rng_range(&r, 160, 200);
        c->people = (int)rng_range(&r, 2, 8);
        c->amount = rng_range(&r, 20, 250) * 1000 * GEN_YUAN;
        c->from = date_month(c->filed - 30);
    }
}

void
gen_w_cases(struct gen *g)
{
    struct gen_project p;
    struct gen_ent e;
    struct case_rec c;

    out_str(&g->out, "case_no,region_code,debtor_uscc,debtor_name,project_code,filed_on,"
                     "closed_on,people,amount,period_from,result\n");
    for (uint32_t i = 0; i < N_CASES(g); i++) {
        struct gen_rng r = { gen_hash(g->salt, 0xCA5E0000 + (uint64_t)i) };

        gen_ent_make(g, g->ent_base[POOL_OTHER] + i, &e);
        c.no = i + 1;
        c.region = e.region;
        c.debtor_uscc = e.uscc;
        c.debtor_name = e.name;
        c.project_code = "";
        c.filed = g->as_of - (zq_date)rng_range(&r, 100, 1000);
        c.closed = c.filed + (zq_date)rng_range(&r, 20, 80);
        c.people = (int)rng_range(&r, 1, 40);
        c.amount = rng_range(&r, 5, 800) * 1000 * GEN_YUAN;
        c.from = date_month(c.filed - (zq_date)rng_range(&r, 30, 200));
        case_row(g, &c);
    }
    for (uint32_t s = 0; s < g->nplants; s++) {
        int variant, rule = gen_slot_rule(s, &variant);

        if (rule != 12 && rule != 13 && rule != 17)
            continue;
        gen_project_make(g, gen_slot_project(g, s), &p);
        plant_case(g, &p, rule, &c);
        case_row(g, &c);
    }
}

/* ---- blacklist ---- */

static void
black_row(struct gen *g, const struct gen_ent *e, bool statutory, zq_date decided, zq_date expires)
{
    struct gen_out *o = &g->out;
    const struct gen_county *c = &g->sc->counties[0];

    for (int i = 0; i < g->sc->ncounties; i++)
        if (strcmp(g->sc->counties[i].code, e->region) == 0)
            c = &g->sc->counties[i];
    out_str(o, e->uscc);
    out_c(o, ',');
    out_csv(o, e->name);
    out_str(o, statutory ? ",失信联合惩戒," : ",重点关注,");
    out_date(g, o, decided);
    out_c(o, ',');
    out_str(o, statutory ? gen_cities[c->city].name : c->name);
    out_str(o, "人力资源和社会保障局,");
    out_date(g, o, expires);
    out_str(o, statutory ? ",拒不支付农民工工资，经责令限期支付逾期仍不支付"
                         : ",一年内多次被投诉拖欠农民工工资");
    out_end_row(o);
}

void
gen_w_blacklist(struct gen *g)
{
    uint32_t nb = N_BLACK(g) < N_CASES(g) ? N_BLACK(g) : N_CASES(g);
    struct gen_ent e;

    out_str(&g->out, "uscc,name,list,decided_on,decided_by,expires_on,reason\n");
    for (uint32_t i = 0; i < nb; i++) { /* the debtors of closed cases, on no project */
        struct gen_rng r = { gen_hash(g->salt, 0xB1AC0000 + (uint64_t)i) };
        zq_date d = g->as_of - (zq_date)rng_range(&r, 30, 900);

        gen_ent_make(g, g->ent_base[POOL_OTHER] + i, &e);
        black_row(g, &e, true, d, d + 1095);
    }
    for (uint32_t i = 0; i < N_WATCH(g); i++) {
        struct gen_rng r = { gen_hash(g->salt, 0xB1AD0000 + (uint64_t)i) };
        zq_date d = g->as_of - (zq_date)rng_range(&r, 10, 300);

        gen_ent_make(g, g->ent_base[POOL_OTHER] + N_CASES(g) + N_CLUES(g) + i, &e);
        black_row(g, &e, false, d, d + 365);
    }
    for (uint32_t s = 0; s < g->nplants; s++) {
        struct gen_rng r = { gen_hash(g->salt, 0xB1AE0000 + (uint64_t)s) };
        int variant;
        zq_date d;

        if (gen_slot_rule(s, &variant) != 15)
            continue;
        d = g->as_of - (zq_date)rng_range(&r, 60, 400);
        gen_ent_make(g, g->ent_base[POOL_DED] + s, &e); /* W15: the contractor */
        black_row(g, &e, true, d, d + 1095);
    }
}

/* ---- manifest ---- */

static void
mrow(struct gen *g, int rule, const char *type, const char *code, zq_month m, bool has_month)
{
    struct gen_out *o = &g->out;

    out_c(o, 'W');
    out_c(o, (char)('0' + rule / 10));
    out_c(o, (char)('0' + rule % 10));
    out_c(o, ',');
    out_str(o, type);
    out_c(o, ',');
    out_str(o, code);
    out_c(o, ',');
    if (has_month)
        out_month(o, m);
    out_end_row(o);
}

static void
plant_rows(struct gen *g, const struct gen_project *p)
{
    struct case_rec c;
    char no[40];
    int r = p->plant;

    switch (r) {
    case 1: /* no account; a project started before the as-of month also misses 人工费 */
        mrow(g, 1, "project", p->code, 0, false);
        for (zq_month m = date_month(p->start); m < g->amonth; m++)
            mrow(g, 2, "project", p->code, m, true);
        break;
    case 12:
    case 13:
    case 17:
        plant_case(g, p, r, &c);
        case_no(no, c.region, c.filed, c.no);
        mrow(g, r, "case", no, 0, false);
        break;
    case 14: /* W03 (unpaid) or W04 on a government or SOE project */
        mrow(g, p->variant % 2 == 0 ? 3 : 4, "project", p->code, g->mplant, true);
        mrow(g, 14, "project", p->code, g->mplant, true);
        break;
    case 16: /* the unpaid wages the balance cannot cover are also W03 */
        mrow(g, 3, "project", p->code, g->mplant, true);
        mrow(g, 16, "project", p->code, 0, false);
        break;
    case 21: /* the draw leaves the deposit short: W09 too */
        mrow(g, 9, "project", p->code, 0, false);
        mrow(g, 21, "project", p->code, 0, false);
        break;
    case 2:
    case 3:
    case 4:
    case 5:
    case 6:
    case 7:
    case 19:
    case 23:
        mrow(g, r, "project", p->code, g->mplant, true);
        break;
    default: /* W08, W09, W10, W11, W15, W18, W22: per project */
        mrow(g, r, "project", p->code, 0, false);
        break;
    }
}

void
gen_w_manifest(struct gen *g)
{
    struct gen_project p;

    out_str(&g->out, "rule,subject_type,subject_code,month\n");
    for (uint32_t s = 0; s < g->nplants; s++) {
        gen_project_make(g, gen_slot_project(g, s), &p);
        plant_rows(g, &p);
    }
}
