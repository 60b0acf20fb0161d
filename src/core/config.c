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
    { .key = "db.cache_mib",
      .env = "ZHIQIAN_DB_CACHE_MIB",
      .def = "64",
      .help = "每个 SQLite 连接的页缓存上限（MiB，1–4096）；服务每个工作线程一个连接" },
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
    { .key = "server.job_sweep_seconds",
      .env = "ZHIQIAN_JOB_SWEEP_SECONDS",
      .def = "60",
      .help = "PostgreSQL：多少秒检查一次执行进程已停止的“进行中”导入任务（0：只在启动时）" },
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
    { .key = "rules.due_months",
      .env = "ZHIQIAN_RULES_DUE_MONTHS",
      .def = "1",
      .help = "工资支付期限：第 M 月工资在第 M+N 月内发放（条例第十二、十三条）" },
    { .key = "rules.due_day",
      .env = "ZHIQIAN_RULES_DUE_DAY",
      .def = "0",
      .help =
          "工资支付期限在该月的第几日；0 表示该月最后一日（遇休息日提前到之前最后一个工作日）" },
    { .key = "rules.w01_days",
      .env = "ZHIQIAN_RULES_W01_DAYS",
      .def = "30",
      .help = "W01：合同签订（无则开工）后多少日内应开设工资专户" },
    { .key = "rules.w02_lookback_months",
      .env = "ZHIQIAN_RULES_W02_LOOKBACK_MONTHS",
      .def = "0",
      .help = "W02：最多往前检查多少个月的人工费拨付；0 表示从开工当月起" },
    { .key = "rules.w03_red_workers",
      .env = "ZHIQIAN_RULES_W03_RED_WORKERS",
      .def = "10",
      .help = "W03：某月欠薪人数达到此数为红色" },
    { .key = "rules.w03_red_yuan",
      .env = "ZHIQIAN_RULES_W03_RED_YUAN",
      .def = "100000",
      .help = "W03：某月欠薪金额（元）达到此数为红色" },
    { .key = "rules.w04_red_pct",
      .env = "ZHIQIAN_RULES_W04_RED_PCT",
      .def = "10",
      .help = "W04：无工资记录的人数超过当月出勤人数的百分比时为红色" },
    { .key = "rules.w05_days",
      .env = "ZHIQIAN_RULES_W05_DAYS",
      .def = "2",
      .help = "W05：工资表出勤天数与考勤天数允许相差的天数" },
    { .key = "rules.w08_pct",
      .env = "ZHIQIAN_RULES_W08_PCT",
      .def = "10",
      .help = "W08：未签劳动合同的工人超过已登记工人的百分比" },
    { .key = "rules.w10_days",
      .env = "ZHIQIAN_RULES_W10_DAYS",
      .def = "30",
      .help = "W10：保函在多少日内到期时预警" },
    { .key = "rules.w11_days",
      .env = "ZHIQIAN_RULES_W11_DAYS",
      .def = "30",
      .help = "W11：统计重复投诉的天数" },
    { .key = "rules.w11_min_clues",
      .env = "ZHIQIAN_RULES_W11_MIN_CLUES",
      .def = "3",
      .help = "W11：期间内线索达到此数为橙色" },
    { .key = "rules.w11_red_clues",
      .env = "ZHIQIAN_RULES_W11_RED_CLUES",
      .def = "5",
      .help = "W11：期间内线索达到此数为红色" },
    { .key = "rules.w12_people",
      .env = "ZHIQIAN_RULES_W12_PEOPLE",
      .def = "10",
      .help = "W12：涉及人数达到此数为橙色" },
    { .key = "rules.w12_yuan",
      .env = "ZHIQIAN_RULES_W12_YUAN",
      .def = "300000",
      .help = "W12：涉及金额（元）达到此数为橙色" },
    { .key = "rules.w12_red_people",
      .env = "ZHIQIAN_RULES_W12_RED_PEOPLE",
      .def = "30",
      .help = "W12：涉及人数达到此数为红色" },
    { .key = "rules.w12_red_yuan",
      .env = "ZHIQIAN_RULES_W12_RED_YUAN",
      .def = "1000000",
      .help = "W12：涉及金额（元）达到此数为红色" },
    { .key = "rules.w13_months",
      .env = "ZHIQIAN_RULES_W13_MONTHS",
      .def = "12",
      .help = "W13：欠薪起始月份早于扫描日多少个月为陈年积欠" },
    { .key = "rules.w17_red_workdays",
      .env = "ZHIQIAN_RULES_W17_RED_WORKDAYS",
      .def = "5",
      .help = "W17：逾期超过多少个工作日为红色" },
    { .key = "rules.min_wage_yuan",
      .env = "ZHIQIAN_RULES_MIN_WAGE_YUAN",
      .def = "2490",
      .help = "W19：当地月最低工资标准（元），未按地区另行配置时使用" },
    { .key = "rules.min_wage_regions",
      .env = "ZHIQIAN_RULES_MIN_WAGE_REGIONS",
      .def = "",
      .help = "W19：按地区的月最低工资标准，如“330100:2490,330200:2490”（按最长的地区代码匹配）" },
    { .key = "rules.w19_max_worker_yuan",
      .env = "ZHIQIAN_RULES_W19_MAX_WORKER_YUAN",
      .def = "50000",
      .help = "W19：单人月应发工资超过此数（元）为异常" },
    { .key = "rules.w20_days",
      .env = "ZHIQIAN_RULES_W20_DAYS",
      .def = "30",
      .help = "W20：除夕前多少日起提高 W03、W04、W12、W13 的等级" },
    { .key = "rules.chuxi",
      .env = "ZHIQIAN_RULES_CHUXI",
      .def = "",
      .help = "W20：除夕日期（逗号分隔）；为空时取内置日历中每年春节假期的第一天" },
    { .key = "rules.w21_workdays",
      .env = "ZHIQIAN_RULES_W21_WORKDAYS",
      .def = "10",
      .help = "W21：保证金动用后应在多少个工作日内补足" },
    { .key = "rules.w22_workdays",
      .env = "ZHIQIAN_RULES_W22_WORKDAYS",
      .def = "3",
      .help = "W22：工人退场超过多少个工作日仍未结清工资时预警" },
    { .key = "rules.w22_red_workers",
      .env = "ZHIQIAN_RULES_W22_RED_WORKERS",
      .def = "10",
      .help = "W22：未结清的退场工人达到此数为红色" },
    { .key = "rules.w23_days",
      .env = "ZHIQIAN_RULES_W23_DAYS",
      .def = "10",
      .help = "W23：代发明细与发放日期相差不超过多少日视为对应" },
    { .key = "rules.w23_tolerance_yuan",
      .env = "ZHIQIAN_RULES_W23_TOLERANCE_YUAN",
      .def = "1",
      .help = "W23：到卡金额允许比实发工资少的金额（元）" },
    { .key = "rules.w23_red_pct",
      .env = "ZHIQIAN_RULES_W23_RED_PCT",
      .def = "10",
      .help = "W23：未到卡行数超过当月工资行数的百分比时为红色" },
    { .key = "deposit.ratio",
      .env = "ZHIQIAN_DEPOSIT_RATIO",
      .def = "2",
      .help = "工资保证金基准存储比例（%，1–3，可有两位小数）" },
    { .key = "deposit.multi_ratio",
      .env = "ZHIQIAN_DEPOSIT_MULTI_RATIO",
      .def = "2",
      .help = "施工总承包单位在本地区其他项目已存保证金时的存储比例（%，不低于 0.5）" },
    { .key = "deposit.area",
      .env = "ZHIQIAN_DEPOSIT_AREA",
      .def = "province",
      .help = "保证金管理地区：province（全省）或 city（设区市）" },
    { .key = "deposit.cap_yuan",
      .env = "ZHIQIAN_DEPOSIT_CAP_YUAN",
      .def = "5000000",
      .help = "单个项目保证金上限（元）；失信联合惩戒对象不设上限" },
    { .key = "deposit.clean_factor_pct",
      .env = "ZHIQIAN_DEPOSIT_CLEAN_FACTOR_PCT",
      .def = "50",
      .help = "连续 2 年无欠薪时的比例系数（%）" },
    { .key = "credit.criminal_threshold_yuan",
      .env = "ZHIQIAN_CREDIT_CRIMINAL_THRESHOLD_YUAN",
      .def = "30000",
      .help =
          "本省拒不支付劳动报酬罪“数额较大”标准（元）：逾期未付达到此数可拟列入失信联合惩戒名单" },
    { .key = "credit.defense_workdays",
      .env = "ZHIQIAN_CREDIT_DEFENSE_WORKDAYS",
      .def = "5",
      .help = "列入失信名单前告知后的陈述申辩期（工作日）" },
    { .key = "credit.list_years",
      .env = "ZHIQIAN_CREDIT_LIST_YEARS",
      .def = "3",
      .help = "失信联合惩戒名单列入期限（年），届满自动移出" },
    { .key = "credit.watch_list",
      .env = "ZHIQIAN_CREDIT_WATCH_LIST",
      .def = "on",
      .help = "是否使用本地重点关注名单：on 或 off" },
    { .key = "credit.watch_years",
      .env = "ZHIQIAN_CREDIT_WATCH_YEARS",
      .def = "1",
      .help = "重点关注名单列入期限（年）" },
    { .key = "credit.mass_incident_people",
      .env = "ZHIQIAN_CREDIT_MASS_INCIDENT_PEOPLE",
      .def = "10",
      .help = "守法诚信评级：涉及人数达到此数的突发事件视为群体性事件（评为 C）" },
    { .key = "supervision.stalled_workdays",
      .env = "ZHIQIAN_SUPERVISION_STALLED_WORKDAYS",
      .def = "10",
      .help = "久拖不决：案件超过限时办结期限多少个工作日列入下一轮督查" },
    { .key = "zero_report.deadline_hour",
      .env = "ZHIQIAN_ZERO_REPORT_DEADLINE_HOUR",
      .def = "10",
      .help = "零报告截止时间：次日几点（北京时间）前未报即为漏报" },
    { .key = "deposit.arrears_factor_pct",
      .env = "ZHIQIAN_DEPOSIT_ARREARS_FACTOR_PCT",
      .def = "150",
      .help = "近 2 年有欠薪时的比例系数（%）" },
    { .key = "deposit.blacklist_factor_pct",
      .env = "ZHIQIAN_DEPOSIT_BLACKLIST_FACTOR_PCT",
      .def = "200",
      .help = "列入失信联合惩戒名单时的比例系数（%）" },
    { .key = "deposit.small_exempt",
      .env = "ZHIQIAN_DEPOSIT_SMALL_EXEMPT",
      .def = "false",
      .help = "合同金额较小且上一年无欠薪的项目是否免存（true/false）" },
    { .key = "deposit.small_contract_yuan",
      .env = "ZHIQIAN_DEPOSIT_SMALL_CONTRACT_YUAN",
      .def = "3000000",
      .help = "可免存的合同金额上限（元，不含）" },
    { .key = "ledger.high_score",
      .env = "ZHIQIAN_LEDGER_HIGH_SCORE",
      .def = "10",
      .help = "风险台账：分值达到此数为高风险" },
    { .key = "ledger.mid_score",
      .env = "ZHIQIAN_LEDGER_MID_SCORE",
      .def = "4",
      .help = "风险台账：分值达到此数为中风险" },
    { .key = "rules.risk_months",
      .env = "ZHIQIAN_RULES_RISK_MONTHS",
      .def = "3",
      .help = "违约风险：观察本月之前的月数" },
    { .key = "rules.risk_coverage_ok_pct",
      .env = "ZHIQIAN_RULES_RISK_COVERAGE_OK_PCT",
      .def = "90",
      .help = "违约风险：人工费拨付覆盖率（%）不低于此数不计分" },
    { .key = "rules.risk_coverage_bad_pct",
      .env = "ZHIQIAN_RULES_RISK_COVERAGE_BAD_PCT",
      .def = "40",
      .help = "违约风险：人工费拨付覆盖率（%）不高于此数计满分" },
    { .key = "rules.risk_lag_ok_days",
      .env = "ZHIQIAN_RULES_RISK_LAG_OK_DAYS",
      .def = "20",
      .help = "违约风险：工资平均在月末后不超过此天数发放不计分" },
    { .key = "rules.risk_lag_bad_days",
      .env = "ZHIQIAN_RULES_RISK_LAG_BAD_DAYS",
      .def = "30",
      .help = "违约风险：工资平均在月末后达到此天数发放计满分" },
    { .key = "rules.risk_lag_rise_days",
      .env = "ZHIQIAN_RULES_RISK_LAG_RISE_DAYS",
      .def = "7",
      .help = "违约风险：发放滞后比此前上升此天数计满分" },
    { .key = "rules.risk_weight_coverage",
      .env = "ZHIQIAN_RULES_RISK_WEIGHT_COVERAGE",
      .def = "35",
      .help = "违约风险：人工费拨付覆盖率的权重（满分）" },
    { .key = "rules.risk_weight_lag",
      .env = "ZHIQIAN_RULES_RISK_WEIGHT_LAG",
      .def = "25",
      .help = "违约风险：工资发放滞后的权重" },
    { .key = "rules.risk_weight_lag_rise",
      .env = "ZHIQIAN_RULES_RISK_WEIGHT_LAG_RISE",
      .def = "15",
      .help = "违约风险：发放滞后上升的权重" },
    { .key = "rules.risk_weight_unpaid",
      .env = "ZHIQIAN_RULES_RISK_WEIGHT_UNPAID",
      .def = "25",
      .help = "违约风险：未付工资余额增长的权重" },
    { .key = "rules.risk_high_score",
      .env = "ZHIQIAN_RULES_RISK_HIGH_SCORE",
      .def = "50",
      .help = "违约风险：分值达到此数为高" },
    { .key = "rules.risk_mid_score",
      .env = "ZHIQIAN_RULES_RISK_MID_SCORE",
      .def = "25",
      .help = "违约风险：分值达到此数为中" },
    { .key = "cases.deadline_workdays",
      .env = "ZHIQIAN_CASES_DEADLINE_WORKDAYS",
      .def = "60",
      .help = "案件限时办结：立案后多少个工作日内办结（监察条例第十七条）" },
    { .key = "cases.extension_workdays",
      .env = "ZHIQIAN_CASES_EXTENSION_WORKDAYS",
      .def = "30",
      .help = "案件经批准可延长的工作日数（只可延长一次）" },
    { .key = "cases.criminal_threshold_yuan",
      .env = "ZHIQIAN_CASES_CRIMINAL_THRESHOLD_YUAN",
      .def = "30000",
      .help = "本省拒不支付劳动报酬罪“数额较大”的起点（元）：责令支付逾期未付达到此数可移送公安" },
    { .key = "zero.chuxi",
      .env = "ZHIQIAN_ZERO_CHUXI",
      .def = "2027-02-05",
      .help = "两清零：其他项目欠薪的清零时限（除夕）" },
    { .key = "zero.year_end",
      .env = "ZHIQIAN_ZERO_YEAR_END",
      .def = "",
      .help =
          "两清零：政府投资和国有企业投资项目欠薪的清零时限；为空时取除夕前一年的 12 月 31 日" },
    { .key = "report.weights",
      .env = "ZHIQIAN_REPORT_WEIGHTS",
      .def = "ontime:30,recovery:30,satisfaction:15,incidents:15,zero:10",
      .help = "考核指标权重（合计 100）：按期办结率、清欠率、满意率、突发事件、零报告" },
    { .key = "report.grade_a",
      .env = "ZHIQIAN_REPORT_GRADE_A",
      .def = "90",
      .help = "考核：得分达到此数为 A 档" },
    { .key = "report.grade_c",
      .env = "ZHIQIAN_REPORT_GRADE_C",
      .def = "70",
      .help = "考核：得分低于此数为 C 档" },
    { .key = "report.incident_people",
      .env = "ZHIQIAN_REPORT_INCIDENT_PEOPLE",
      .def = "50",
      .help = "考核：发生一起涉及此人数及以上的突发事件即为 C 档" },
    { .key = "report.unit",
      .env = "ZHIQIAN_REPORT_UNIT",
      .def = "根治拖欠农民工工资工作领导小组办公室",
      .help = "报表落款单位（前面加地区名称）" },
    { .key = "server.public_url",
      .env = "ZHIQIAN_SERVER_PUBLIC_URL",
      .def = "http://127.0.0.1:8080",
      .help = "公众访问本系统的地址，用于维权告示牌上的二维码" },
    { .key = "notice.hotlines",
      .env = "ZHIQIAN_NOTICE_HOTLINES",
      .def = "12333 人社服务热线;12345 政务服务便民热线",
      .help = "维权告示牌上的投诉电话，分号分隔" },
    { .key = "notice.pay_day",
      .env = "ZHIQIAN_NOTICE_PAY_DAY",
      .def = "每月 25 日前支付上月工资",
      .help = "维权告示牌上的工资支付日" },
    { .key = "clues.accept_workdays",
      .env = "ZHIQIAN_CLUES_ACCEPT_WORKDAYS",
      .def = "5",
      .help = "线索：收到后多少个工作日内决定受理或不予受理（若干规定第十八条）" },
    { .key = "clues.close_workdays",
      .env = "ZHIQIAN_CLUES_CLOSE_WORKDAYS",
      .def = "15",
      .help = "线索：受理后多少个工作日内办结" },
    { .key = "clues.dup_days",
      .env = "ZHIQIAN_CLUES_DUP_DAYS",
      .def = "30",
      .help = "线索：多少日内同一反映人就同一项目或单位的投诉视为重复（关联，不丢弃）" },
    { .key = "clues.office_hours",
      .env = "ZHIQIAN_CLUES_OFFICE_HOURS",
      .def = "08:30-17:30",
      .help = "线索：工作时间；工作时间以外或休息日收到的网上投诉通知值班人员" },
    { .key = "clues.rate_phone_hour",
      .env = "ZHIQIAN_CLUES_RATE_PHONE_HOUR",
      .def = "5",
      .help = "网上投诉：每个手机号每小时最多提交次数，超过返回 429" },
    { .key = "clues.rate_ip_hour",
      .env = "ZHIQIAN_CLUES_RATE_IP_HOUR",
      .def = "20",
      .help = "网上投诉：每个客户端地址每小时最多提交次数，超过返回 429" },
    { .key = "clues.rate_query_hour",
      .env = "ZHIQIAN_CLUES_RATE_QUERY_HOUR",
      .def = "60",
      .help = "进度查询：每个客户端地址每小时最多查询次数，超过返回 429" },
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
