/*
 * gen_names.c - the generator's places, names and identifiers: real county
 * codes of 浙江省 and of the counties many construction workers come from,
 * Chinese personal, enterprise and project names, and valid ID numbers,
 * USCCs, phones and bank cards (check characters from core/idcard and
 * core/uscc).  Tables are const; nothing here allocates.
 */
#include <stdio.h>

#include "svc/gen_int.h"

const struct gen_city gen_cities[] = {
    { "330100", "杭州市", "杭州", "571" }, { "330200", "宁波市", "宁波", "574" },
    { "330300", "温州市", "温州", "577" }, { "330400", "嘉兴市", "嘉兴", "573" },
    { "330500", "湖州市", "湖州", "572" }, { "330600", "绍兴市", "绍兴", "575" },
    { "330700", "金华市", "金华", "579" }, { "330800", "衢州市", "衢州", "570" },
    { "330900", "舟山市", "舟山", "580" }, { "331000", "台州市", "台州", "576" },
    { "331100", "丽水市", "丽水", "578" },
};

/* 慈溪市 and its neighbours 余姚市 and 镇海区. */
static const struct gen_county county_scale[] = {
    { "330282", "慈溪市", "慈溪", 1, 80 },
    { "330281", "余姚市", "余姚", 1, 12 },
    { "330211", "镇海区", "镇海", 1, 8 },
};

/* The counties of 宁波市, weighted roughly by construction volume. */
static const struct gen_county city_scale[] = {
    { "330203", "海曙区", "海曙", 1, 10 }, { "330205", "江北区", "江北", 1, 8 },
    { "330206", "北仑区", "北仑", 1, 10 }, { "330211", "镇海区", "镇海", 1, 8 },
    { "330212", "鄞州区", "鄞州", 1, 16 }, { "330213", "奉化区", "奉化", 1, 8 },
    { "330225", "象山县", "象山", 1, 7 },  { "330226", "宁海县", "宁海", 1, 7 },
    { "330281", "余姚市", "余姚", 1, 12 }, { "330282", "慈溪市", "慈溪", 1, 14 },
};

/* Every county of 浙江省 (GB/T 2260, data/regions.csv). */
static const struct gen_county province_scale[] = {
    { "330102", "上城区", "上城", 0, 1 },          { "330105", "拱墅区", "拱墅", 0, 1 },
    { "330106", "西湖区", "西湖", 0, 1 },          { "330108", "滨江区", "滨江", 0, 1 },
    { "330109", "萧山区", "萧山", 0, 1 },          { "330110", "余杭区", "余杭", 0, 1 },
    { "330111", "富阳区", "富阳", 0, 1 },          { "330112", "临安区", "临安", 0, 1 },
    { "330113", "临平区", "临平", 0, 1 },          { "330114", "钱塘区", "钱塘", 0, 1 },
    { "330122", "桐庐县", "桐庐", 0, 1 },          { "330127", "淳安县", "淳安", 0, 1 },
    { "330182", "建德市", "建德", 0, 1 },          { "330203", "海曙区", "海曙", 1, 1 },
    { "330205", "江北区", "江北", 1, 1 },          { "330206", "北仑区", "北仑", 1, 1 },
    { "330211", "镇海区", "镇海", 1, 1 },          { "330212", "鄞州区", "鄞州", 1, 1 },
    { "330213", "奉化区", "奉化", 1, 1 },          { "330225", "象山县", "象山", 1, 1 },
    { "330226", "宁海县", "宁海", 1, 1 },          { "330281", "余姚市", "余姚", 1, 1 },
    { "330282", "慈溪市", "慈溪", 1, 1 },          { "330302", "鹿城区", "鹿城", 2, 1 },
    { "330303", "龙湾区", "龙湾", 2, 1 },          { "330304", "瓯海区", "瓯海", 2, 1 },
    { "330305", "洞头区", "洞头", 2, 1 },          { "330324", "永嘉县", "永嘉", 2, 1 },
    { "330326", "平阳县", "平阳", 2, 1 },          { "330327", "苍南县", "苍南", 2, 1 },
    { "330328", "文成县", "文成", 2, 1 },          { "330329", "泰顺县", "泰顺", 2, 1 },
    { "330381", "瑞安市", "瑞安", 2, 1 },          { "330382", "乐清市", "乐清", 2, 1 },
    { "330383", "龙港市", "龙港", 2, 1 },          { "330402", "南湖区", "南湖", 3, 1 },
    { "330411", "秀洲区", "秀洲", 3, 1 },          { "330421", "嘉善县", "嘉善", 3, 1 },
    { "330424", "海盐县", "海盐", 3, 1 },          { "330481", "海宁市", "海宁", 3, 1 },
    { "330482", "平湖市", "平湖", 3, 1 },          { "330483", "桐乡市", "桐乡", 3, 1 },
    { "330502", "吴兴区", "吴兴", 4, 1 },          { "330503", "南浔区", "南浔", 4, 1 },
    { "330521", "德清县", "德清", 4, 1 },          { "330522", "长兴县", "长兴", 4, 1 },
    { "330523", "安吉县", "安吉", 4, 1 },          { "330602", "越城区", "越城", 5, 1 },
    { "330603", "柯桥区", "柯桥", 5, 1 },          { "330604", "上虞区", "上虞", 5, 1 },
    { "330624", "新昌县", "新昌", 5, 1 },          { "330681", "诸暨市", "诸暨", 5, 1 },
    { "330683", "嵊州市", "嵊州", 5, 1 },          { "330702", "婺城区", "婺城", 6, 1 },
    { "330703", "金东区", "金东", 6, 1 },          { "330723", "武义县", "武义", 6, 1 },
    { "330726", "浦江县", "浦江", 6, 1 },          { "330727", "磐安县", "磐安", 6, 1 },
    { "330781", "兰溪市", "兰溪", 6, 1 },          { "330782", "义乌市", "义乌", 6, 1 },
    { "330783", "东阳市", "东阳", 6, 1 },          { "330784", "永康市", "永康", 6, 1 },
    { "330802", "柯城区", "柯城", 7, 1 },          { "330803", "衢江区", "衢江", 7, 1 },
    { "330822", "常山县", "常山", 7, 1 },          { "330824", "开化县", "开化", 7, 1 },
    { "330825", "龙游县", "龙游", 7, 1 },          { "330881", "江山市", "江山", 7, 1 },
    { "330902", "定海区", "定海", 8, 1 },          { "330903", "普陀区", "普陀", 8, 1 },
    { "330921", "岱山县", "岱山", 8, 1 },          { "330922", "嵊泗县", "嵊泗", 8, 1 },
    { "331002", "椒江区", "椒江", 9, 1 },          { "331003", "黄岩区", "黄岩", 9, 1 },
    { "331004", "路桥区", "路桥", 9, 1 },          { "331022", "三门县", "三门", 9, 1 },
    { "331023", "天台县", "天台", 9, 1 },          { "331024", "仙居县", "仙居", 9, 1 },
    { "331081", "温岭市", "温岭", 9, 1 },          { "331082", "临海市", "临海", 9, 1 },
    { "331083", "玉环市", "玉环", 9, 1 },          { "331102", "莲都区", "莲都", 10, 1 },
    { "331121", "青田县", "青田", 10, 1 },         { "331122", "缙云县", "缙云", 10, 1 },
    { "331123", "遂昌县", "遂昌", 10, 1 },         { "331124", "松阳县", "松阳", 10, 1 },
    { "331125", "云和县", "云和", 10, 1 },         { "331126", "庆元县", "庆元", 10, 1 },
    { "331127", "景宁畲族自治县", "景宁", 10, 1 }, { "331181", "龙泉市", "龙泉", 10, 1 },
};

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

const struct gen_scale_def gen_scales[] = {
    [GEN_SCALE_COUNTY] = { "county", 200, county_scale, NELEM(county_scale), 100 },
    [GEN_SCALE_CITY] = { "city", 5000, city_scale, NELEM(city_scale), 100 },
    [GEN_SCALE_PROVINCE] = { "province", 50000, province_scale, NELEM(province_scale),
                             NELEM(province_scale) },
};

/* Counties that send many construction workers to 浙江 (安徽, 河南, 四川, 贵州,
 * 江西, 湖南, 重庆, 云南, 湖北), and 330222, 慈溪's code before 1988, still on
 * older cards. */
static const char *const origin_prefixes[] = {
    "341221", "341222", "341522", "341322", "340822", "340422", "340124", "341324",
    "411525", "411524", "411625", "411603", "411522", "511324", "511725", "511923",
    "511722", "512021", "520526", "520330", "361128", "361127", "430582", "431322",
    "500154", "500235", "500101", "530627", "530326", "421088", "429006", "330222",
};

int
gen_pick(struct gen_rng *r, const uint8_t *weights, int n)
{
    uint32_t total = 0, x;

    for (int i = 0; i < n; i++)
        total += weights[i];
    x = rng_below(r, total);
    for (int i = 0; i < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}

const struct gen_county *
gen_pick_county(const struct gen_scale_def *sc, struct gen_rng *r)
{
    uint32_t x = rng_below(r, sc->total_weight);

    for (int i = 0; i < sc->ncounties; i++) {
        if (x < sc->counties[i].weight)
            return &sc->counties[i];
        x -= sc->counties[i].weight;
    }
    return &sc->counties[sc->ncounties - 1];
}

const char *
gen_id_prefix(const struct gen_scale_def *sc, struct gen_rng *r)
{
    if (rng_pct(r, 35))
        return gen_pick_county(sc, r)->code;
    return origin_prefixes[rng_below(r, NELEM(origin_prefixes))];
}

/* ---- string building ---- */

void
sb_init(struct sb *b, char *p, size_t cap)
{
    b->p = p;
    b->len = 0;
    b->cap = cap;
    p[0] = '\0';
}

void
sb_putn(struct sb *b, const char *s, size_t n)
{
    if (n > b->cap - 1 - b->len)
        n = b->cap - 1 - b->len;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void
sb_put(struct sb *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

void
sb_num(struct sb *b, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;

    do {
        tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0 || n < width);
    sb_putn(b, tmp + sizeof(tmp) - n, (size_t)n);
}

/* ---- people ---- */

static const char *const surnames[] = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
};

static const char *const given_male[] = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华",
    "飞", "建", "国", "林", "峰", "波", "亮", "成", "海", "东", "文", "龙", "志", "春", "兵",
    "俊", "德", "祥", "福", "生", "荣", "富", "贵", "永", "庆", "发", "良", "山", "金", "宝",
    "忠", "友", "才", "新", "清", "家", "云", "长", "双", "胜", "利", "军", "红", "全", "根",
};

static const char *const given_female[] = {
    "芳", "娟", "敏", "静", "丽", "艳", "霞", "燕", "红", "玲", "萍", "梅", "英", "兰", "琴",
    "凤", "云", "秀", "桂", "珍", "芬", "莲", "丹", "慧", "春", "月", "菊", "翠", "小", "美",
};

void
gen_person_name(struct gen_rng *r, bool male, char *out, size_t cap)
{
    const char *const *given = male ? given_male : given_female;
    int ng = male ? NELEM(given_male) : NELEM(given_female);
    /* skewed towards the common surnames at the head of the table */
    uint32_t s = rng_below(r, NELEM(surnames)) * rng_below(r, NELEM(surnames)) / NELEM(surnames);
    struct sb b;

    sb_init(&b, out, cap);
    sb_put(&b, surnames[s]);
    sb_put(&b, given[rng_below(r, (uint32_t)ng)]);
    if (rng_pct(r, 72))
        sb_put(&b, given[rng_below(r, (uint32_t)ng)]);
}

void
gen_idcard(const char *prefix6, zq_date birth, int seq, char out[IDCARD_LEN + 1])
{
    int y, m, d;
    struct sb b;

    date_to_ymd(birth, &y, &m, &d);
    sb_init(&b, out, IDCARD_LEN + 1);
    sb_putn(&b, prefix6, 6);
    sb_num(&b, (uint64_t)y, 4);
    sb_num(&b, (uint64_t)m, 2);
    sb_num(&b, (uint64_t)d, 2);
    sb_num(&b, (uint64_t)seq, 3);
    out[17] = idcard_check_char(out);
    out[18] = '\0';
}

static const char *const mobile_heads[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152",
    "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "198", "199",
};

void
gen_mobile(struct gen_rng *r, char out[12])
{
    struct sb b;

    sb_init(&b, out, 12);
    sb_put(&b, mobile_heads[rng_below(r, NELEM(mobile_heads))]);
    sb_num(&b, rng_below(r, 100000000), 8);
}

void
gen_landline(struct gen_rng *r, const char *area, char out[16])
{
    struct sb b;

    sb_init(&b, out, 16);
    sb_put(&b, "0");
    sb_put(&b, area);
    sb_put(&b, "-");
    sb_num(&b, rng_range(r, 55000000, 89999999), 8);
}

static const char *const card_bins[] = {
    "621700", "622202", "622848", "621661", "622262", "621799", "623668", "621226",
};

void
gen_bankcard(struct gen_rng *r, char out[20])
{
    struct sb b;
    int sum = 0;

    sb_init(&b, out, 20);
    sb_put(&b, card_bins[rng_below(r, NELEM(card_bins))]);
    sb_num(&b, rng_below(r, 1000000), 6);
    sb_num(&b, rng_below(r, 1000000), 6);
    /* Luhn over the 18 digits, doubling from the rightmost one */
    for (int i = 17, dbl = 1; i >= 0; i--, dbl = !dbl) {
        int v = (out[i] - '0') * (dbl ? 2 : 1);
        sum += v > 9 ? v - 9 : v;
    }
    out[18] = (char)('0' + (10 - sum % 10) % 10);
    out[19] = '\0';
}

/* ---- enterprises ---- */

void
gen_uscc(uint64_t salt, uint32_t id, const char *type2, const char *region6, char out[USCC_LEN + 1])
{
    static const int w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
    /* a bijection of [0, 10^8): the multiplier is prime to 10 */
    uint64_t v = ((uint64_t)id * 73939133ULL + salt % 100000000ULL) % 100000000ULL;
    int sum = 0, c;
    struct sb b;

    sb_init(&b, out, USCC_LEN + 1);
    sb_putn(&b, type2, 2);
    sb_putn(&b, region6, 6);
    sb_num(&b, v, 8);
    for (int i = 0; i < 8; i++)
        sum += (out[8 + i] - '0') * w[i];
    c = 11 - sum % 11;
    out[16] = c == 10 ? 'X' : (char)('0' + c % 11);
    out[17] = uscc_check_char(out);
    out[18] = '\0';
}

static const char *const brand1[] = {
    "宏", "华", "中", "恒", "永", "东", "鸿", "金", "天", "新", "立", "正", "信", "安",
    "盛", "兴", "建", "荣", "广", "泰", "嘉", "浙", "明", "汇", "宁", "博", "长", "力",
    "诚", "瑞", "海", "丰", "元", "德", "通", "凯", "禾", "佳", "卓", "宇",
};
static const char *const brand2[] = {
    "达", "基", "业", "远", "昌", "晟", "源", "茂", "宸", "宇", "丰", "程", "城", "辉",
    "发", "鑫", "泰", "联", "润", "成", "豪", "恒", "顺", "和", "康", "升", "峰", "腾",
    "科", "隆", "信", "祥", "嘉", "创", "越", "耀", "舜", "展", "合", "鼎",
};

const char *
gen_brand(uint32_t k, uint64_t salt, char out[8])
{
    uint32_t n1 = NELEM(brand1), n2 = NELEM(brand2);
    /* 37 is prime to 1,600: distinct k below 1,600 give distinct brands */
    uint32_t v = (uint32_t)((k * 37ULL + salt % 1600) % (n1 * n2));
    struct sb b;

    sb_init(&b, out, 8);
    sb_put(&b, brand1[v % n1]);
    sb_put(&b, brand2[v / n1]);
    return out;
}

/* ---- projects ---- */

static const char *const words[] = {
    "阳光", "锦绣", "翡翠", "东湖", "金色", "凤凰", "世纪", "滨江", "天元", "悦澜",
    "云栖", "江南", "春晓", "观澜", "御景", "书香", "桂语", "明月", "青林", "湖畔",
    "海棠", "和园", "紫金", "星河", "龙湾", "梧桐", "兰亭", "新城", "南湖", "北门",
    "白沙", "前湾", "庵东", "周巷", "坎墩", "浒山", "古塘", "宗汉", "长河", "附海",
};

/* %C county, %W and %V words, %P phase. */
static const char *const tpl_housing[] = {
    "%C%W小区%P工程",           "%C%W花园%P项目",     "%C%W府住宅%P工程",
    "%C%W产业园标准厂房%P工程", "%C%W商业综合体工程",
};
static const char *const tpl_public_housing[] = {
    "%C%W安置房%P工程",         "%C%W学校新建工程",         "%C人民医院%W院区扩建工程",
    "%C%W保障性租赁住房%P工程", "%C%W片区老旧小区改造工程",
};
static const char *const tpl_transport[] = {
    "%C%W路改建工程",
    "%C%W大桥新建工程",
    "%C%W互通立交工程",
    "%C%W至%V公路改建工程",
};
static const char *const tpl_water[] = {
    "%C%W江堤防加固工程",
    "%C%W河道综合整治工程",
    "%C%W水库除险加固工程",
    "%C%W排涝泵站工程",
};
static const char *const tpl_agri[] = {
    "%C%W村高标准农田建设项目",
    "%C%W村美丽乡村建设工程",
    "%C%W村农村生活污水治理工程",
};
static const char *const tpl_other[] = {
    "%C%W光伏发电项目",
    "%C%W物流园仓储工程",
    "%C%W体育中心工程",
};
static const char *const phases[] = { "", "", "一期", "二期", "三期" };

static const char *
pick_template(struct gen_rng *r, int industry, bool public_funds)
{
    switch (industry) {
    case IND_HOUSING:
        if (public_funds)
            return tpl_public_housing[rng_below(r, NELEM(tpl_public_housing))];
        return tpl_housing[rng_below(r, NELEM(tpl_housing))];
    case IND_TRANSPORT:
        return tpl_transport[rng_below(r, NELEM(tpl_transport))];
    case IND_WATER:
        return tpl_water[rng_below(r, NELEM(tpl_water))];
    case IND_AGRI:
        return tpl_agri[rng_below(r, NELEM(tpl_agri))];
    default:
        return tpl_other[rng_below(r, NELEM(tpl_other))];
    }
}

void
gen_project_name(struct gen_rng *r, const struct gen_county *c, int industry, bool public_funds,
                 int phase, char *out, size_t cap)
{
    const char *t = pick_template(r, industry, public_funds);
    uint32_t w1 = rng_below(r, NELEM(words)), w2 = (w1 + 1 + rng_below(r, 10)) % NELEM(words);
    struct sb b;

    sb_init(&b, out, cap);
    for (; *t != '\0'; t++) {
        if (t[0] != '%' || t[1] == '\0') {
            sb_putn(&b, t, 1);
            continue;
        }
        t++;
        if (*t == 'C')
            sb_put(&b, c->name);
        else if (*t == 'W')
            sb_put(&b, words[w1]);
        else if (*t == 'V')
            sb_put(&b, words[w2]);
        else if (*t == 'P')
            sb_put(&b, phases[phase % NELEM(phases)]);
    }
}

/* ---- trades, banks, enumerations ---- */

const struct gen_trade gen_trades[TRADE_NCOUNT] = {
    { "钢筋工", "钢筋班组", 300, 420 },     { "木工", "木工班组", 320, 450 },
    { "泥瓦工", "泥瓦班组", 300, 420 },     { "架子工", "架子班组", 350, 480 },
    { "混凝土工", "混凝土班组", 260, 360 }, { "电工", "电工班组", 330, 460 },
    { "焊工", "焊工班组", 340, 480 },       { "水电安装工", "水电班组", 300, 420 },
    { "油漆工", "油漆班组", 280, 380 },     { "防水工", "防水班组", 280, 380 },
    { "机械操作工", "机械班组", 350, 500 }, { "普工", "杂工班组", 200, 280 },
};
const uint8_t gen_trade_weights[TRADE_NCOUNT] = { 16, 14, 12, 8, 8, 5, 5, 5, 4, 3, 3, 17 };

const char *const gen_banks[] = {
    "中国工商银行", "中国农业银行", "中国建设银行", "中国银行",
    "交通银行",     "宁波银行",     "浙商银行",     "中国邮政储蓄银行",
};
const int gen_nbanks = NELEM(gen_banks);

const char *const gen_industry_names[] = { "住建", "交通", "水利", "农业农村", "其他" };
const char *const gen_funding_names[] = { "政府投资", "国有企业投资", "社会投资" };
const char *const gen_status_names[] = { "在建", "完工", "停工" };
