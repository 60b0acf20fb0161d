/*
 * gen_parties.c - the generator's enterprises: pools of government bodies,
 * state-owned platforms, developers, general contractors, subcontractors and
 * other employers, plus one dedicated enterprise per plant slot that needs
 * one (a blacklisted contractor for W15, a labour subcontractor owing wages
 * for the cases of W12, W13 and W17), so that a plant never touches a clean
 * project.  An enterprise is a pure function of (seed, id).
 */
#include "svc/gen_int.h"

static const char *const gov_bodies[] = {
    "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "机关事务管理局",
};
static const char *const soe_names[] = {
    "城市建设投资集团有限公司",
    "交通投资集团有限公司",
    "城乡建设发展有限公司",
};
static const char *const spec_names[] = {
    "幕墙装饰工程有限公司", "机电安装工程有限公司", "消防工程有限公司",
    "钢结构工程有限公司",   "园林绿化工程有限公司",
};
static const char *const other_names[] = {
    "纺织有限公司", "电器有限公司",     "机械制造有限公司", "食品有限公司",
    "服装有限公司", "塑料制品有限公司", "物业管理有限公司", "餐饮管理有限公司",
};

/* Labour companies registered where their workers come from. */
static const struct {
    const char *code, *province;
} labour_homes[] = {
    { "341221", "安徽" }, { "411525", "河南" }, { "511324", "四川" }, { "520526", "贵州" },
    { "361128", "江西" }, { "430582", "湖南" }, { "500154", "重庆" },
};
#define NHOMES   ((uint32_t)(sizeof(labour_homes) / sizeof(labour_homes[0])))
#define NELEM(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

static int
pool_of(const struct gen *g, uint32_t id)
{
    int pool = 0;

    while (pool < GEN_NPOOLS - 1 && id >= g->ent_base[pool + 1])
        pool++;
    return pool;
}

/* Name and kind of an enterprise of a pool; *region may be replaced. */
static void
ent_name(const struct gen *g, struct gen_ent *e, const struct gen_county *c, struct gen_rng *r,
         struct sb *b)
{
    const char *city = gen_cities[c->city].shortname;
    char brand[8];
    int rule, variant;

    gen_brand(e->k + (e->pool == POOL_DED ? 800 : 0), g->salt ^ (uint64_t)e->pool, brand);
    switch (e->pool) {
    case POOL_DEV:
        e->kind = "建设单位";
        sb_put(b, rng_pct(r, 50) ? city : c->shortname);
        sb_put(b, brand);
        sb_put(b, rng_pct(r, 50) ? "置业有限公司" : "房地产开发有限公司");
        break;
    case POOL_CON:
        e->kind = "施工总承包";
        sb_put(b, rng_pct(r, 40) ? "浙江" : city);
        sb_put(b, brand);
        sb_put(b, rng_pct(r, 50) ? "建设集团有限公司" : "建设有限公司");
        break;
    case POOL_SPEC:
        e->kind = "专业分包";
        sb_put(b, city);
        sb_put(b, brand);
        sb_put(b, spec_names[rng_below(r, NELEM(spec_names))]);
        break;
    case POOL_LAB:
        e->kind = "劳务分包";
        if (rng_pct(r, 30)) {
            uint32_t h = rng_below(r, NHOMES);
            memcpy(e->region, labour_homes[h].code, 7);
            sb_put(b, labour_homes[h].province);
            sb_put(b, brand);
            sb_put(b, "建筑劳务有限公司");
        } else {
            sb_put(b, c->shortname);
            sb_put(b, brand);
            sb_put(b, "劳务有限公司");
        }
        break;
    case POOL_DED:
        rule = gen_slot_rule(e->k, &variant);
        e->kind = rule == 15 ? "施工总承包" : "劳务分包";
        sb_put(b, c->shortname);
        sb_put(b, brand);
        sb_put(b, rule == 15 ? "建筑工程有限公司" : "建筑劳务有限公司");
        break;
    default: /* POOL_OTHER */
        e->kind = "其他";
        sb_put(b, c->shortname);
        sb_put(b, brand);
        sb_put(b, other_names[rng_below(r, NELEM(other_names))]);
        break;
    }
}

void
gen_ent_make(const struct gen *g, uint32_t id, struct gen_ent *e)
{
    struct gen_rng r = { gen_hash(g->salt ^ 0xE17E9915EULL, id) };
    const struct gen_county *c;
    const char *type2 = "91";
    struct sb b;

    memset(e, 0, sizeof(*e));
    e->id = id;
    e->pool = pool_of(g, id);
    e->k = id - g->ent_base[e->pool];
    sb_init(&b, e->name, sizeof(e->name));
    if (e->pool == POOL_GOV || e->pool == POOL_SOE) {
        uint32_t per = e->pool == POOL_GOV ? 5 : 3;
        c = &g->sc->counties[e->k / per];
        e->kind = "建设单位";
        sb_put(&b, c->name);
        sb_put(&b, e->pool == POOL_GOV ? gov_bodies[e->k % per] : soe_names[e->k % per]);
        if (e->pool == POOL_GOV)
            type2 = "11"; /* 机构编制: 机关 */
        memcpy(e->region, c->code, 7);
    } else {
        c = gen_pick_county(g->sc, &r);
        memcpy(e->region, c->code, 7);
        ent_name(g, e, c, &r, &b);
    }
    gen_uscc(g->salt, id, type2, e->region, e->uscc);
    gen_person_name(&r, rng_pct(&r, 85), e->rep, sizeof(e->rep));
    gen_landline(&r, gen_cities[c->city].area, e->phone);
}

bool
gen_ent_used(const struct gen *g, uint32_t id)
{
    int variant, rule;

    if (id < g->ent_base[POOL_DED])
        return true;
    rule = gen_slot_rule(id - g->ent_base[POOL_DED], &variant);
    return rule == 15 || rule == 12 || rule == 13 || rule == 17;
}

void
gen_w_enterprises(struct gen *g)
{
    struct gen_out *o = &g->out;
    struct gen_ent e;

    out_str(o, "uscc,name,kind,legal_rep,region_code,phone\n");
    for (uint32_t id = 0; id < g->ent_base[GEN_NPOOLS]; id++) {
        if (!gen_ent_used(g, id))
            continue;
        gen_ent_make(g, id, &e);
        out_str(o, e.uscc);
        out_c(o, ',');
        out_csv(o, e.name);
        out_c(o, ',');
        out_str(o, e.kind);
        out_c(o, ',');
        out_csv(o, e.rep);
        out_c(o, ',');
        out_str(o, e.region);
        out_c(o, ',');
        out_str(o, e.phone);
        out_end_row(o);
    }
}
