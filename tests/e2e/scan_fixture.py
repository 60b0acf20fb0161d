"""The "must show" scenario of the warning engine: one small project per rule
(W01-W12, W14, W18) next to a fully compliant one, written as the
interchange files of SPEC §4, and the exact warnings the scan must raise as
of 2026-11-23.

Each project is compliant except for its one planted fault: a wage account
opened before the start, 人工费 received every month, a 2 % cash deposit
(the contractor is new to the area, so no reduction), 12 registered workers
with labour contracts, September and October attendance, and payroll paid in
full through the account with the bank's per-worker lines.
"""
import os

AS_OF = "2026-11-23"
REGION = "330282"

ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]


def id_number(seq):
    """A valid GB 11643 number: 慈溪 330282, born 1985-03-14, sequence seq."""
    body = "330282" + "19850314" + "%03d" % seq
    s = sum(int(c) * w for c, w in zip(body, ID_WEIGHTS))
    return body + "10X98765432"[s % 11]


def uscc(n):
    """A valid GB 32100 code with a distinct organisation code."""
    body = "91" + REGION + "%09d" % (100000000 + n)
    s = sum(USCC_CHARS.index(c) * w for c, w in zip(body, USCC_WEIGHTS))
    return body + USCC_CHARS[(31 - s % 31) % 31]


CONTRACTOR = uscc(1)
BUILDER = uscc(2)
GOV_BUILDER = uscc(3)
FACTORY = uscc(4)

# code -> (fault, funding, expected hits [(rule, level, month)])
PROJECTS = [
    ("FX-00", None, "社会投资", []),
    ("FX-01", "no_account", "社会投资", [("W01", "orange", "")]),
    ("FX-02", "no_inflow", "社会投资", [("W02", "orange", "2026-09")]),
    ("FX-03", "unpaid12", "社会投资", [("W03", "red", "2026-09")]),
    ("FX-04", "no_payroll", "政府投资", [("W04", "red", "2026-09"), ("W14", "red", "2026-09")]),
    ("FX-05", "days", "社会投资", [("W05", "yellow", "2026-09")]),
    ("FX-06", "cash", "社会投资", [("W06", "yellow", "2026-09")]),
    ("FX-07", "unregistered", "社会投资", [("W07", "orange", "2026-09")]),
    ("FX-08", "contracts", "社会投资", [("W08", "yellow", "")]),
    ("FX-09", "no_deposit", "社会投资", [("W09", "orange", "")]),
    ("FX-10", "guarantee", "社会投资", [("W10", "yellow", "")]),
    ("FX-11", "complaints", "社会投资", [("W11", "orange", "")]),
    ("FX-13", "notice_board", "社会投资", [("W18", "yellow", "")]),
]
# the clue of 35 people names a factory, not a project: its subject is the clue
CLUE_HIT = ("W12", "red", "clue")

NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈杰", "杨勇", "赵磊", "黄强", "周平", "吴军",
         "徐明", "孙涛", "马超"]
CONTRACT_FEN = 1000000000  # 10,000,000 yuan
WAGE = 600000  # 6,000 yuan a month


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def expected():
    """{(rule, level, subject_type, subject_code or None, month)}"""
    out = set()
    for code, _, _, hits in PROJECTS:
        for rule, level, month in hits:
            out.add((rule, level, "project", code, month))
    out.add((CLUE_HIT[0], CLUE_HIT[1], CLUE_HIT[2], None, ""))
    return out


def write(dirpath):
    rows = {k: [] for k in ("enterprises", "projects", "accounts", "deposits", "employment",
                            "attendance", "payroll", "txns", "disbursements", "clues")}
    rows["enterprises"] += [
        [CONTRACTOR, "慈溪测试建设有限公司", "施工总承包", "张三", REGION, ""],
        [BUILDER, "慈溪测试置业有限公司", "建设单位", "李四", REGION, ""],
        [GOV_BUILDER, "慈溪市测试住房和城乡建设局", "建设单位", "王五", REGION, ""],
        [FACTORY, "慈溪测试纺织有限公司", "其他", "赵六", REGION, ""],
    ]
    worker_seq = 0
    for i, (code, fault, funding, _) in enumerate(PROJECTS):
        signed, start = "2026-05-20", "2026-06-01"
        if fault == "no_account":
            signed, start = "2026-10-09", "2026-11-02"  # 45 days before D; starts in D's month
        rows["projects"].append([
            code, "测试工程" + code, REGION, "住建", funding,
            GOV_BUILDER if funding == "政府投资" else BUILDER, CONTRACTOR, yuan(CONTRACT_FEN), "20",
            signed, start, "2027-12-31", "在建", "钱劳资", "否" if fault == "notice_board" else "是"])
        acct = "6222%012d" % (i + 1)
        if fault != "no_account":
            rows["accounts"].append([code, "测试银行慈溪支行", acct, "2026-05-25"])
        if fault == "guarantee":
            rows["deposits"].append([code, CONTRACTOR, "银行保函", yuan(CONTRACT_FEN * 2 // 100),
                                     "2026-05-25", "2026-12-10"])  # 17 days after D
        elif fault != "no_deposit":
            rows["deposits"].append([code, CONTRACTOR, "现金", yuan(CONTRACT_FEN * 2 // 100),
                                     "2026-05-25", ""])
        workers = []
        for w in range(12):
            worker_seq += 1
            workers.append((id_number(worker_seq), NAMES[w], "139%08d" % worker_seq))
        for w, (idn, name, phone) in enumerate(workers):
            contract = "否" if fault == "contracts" and w < 4 else "是"
            rows["employment"].append([code, CONTRACTOR, idn, name, phone, "", "", contract,
                                       start, ""])
        extra = None
        if fault == "unregistered":
            worker_seq += 1
            extra = (id_number(worker_seq), NAMES[12], "139%08d" % worker_seq)
        if fault == "no_account":
            for idn, _, _ in workers:
                for day in range(2, 21):
                    rows["attendance"].append([code, idn, "2026-11-%02d" % day, "8"])
            continue
        month_rows(rows, code, acct, fault, workers, extra)
        for m in range(6, 11):  # 人工费 every month June to October
            if fault == "no_inflow" and m == 9:
                continue
            rows["txns"].append([code, acct, "2026-%02d-20" % m, "收入", "人工费拨付",
                                 yuan(100000000), "", "RG2026%02d%02d" % (m, i)])
    for n, day in enumerate((20, 21, 22)):
        rows["clues"].append(["FX11-%d" % n, "12345热线", "2026-11-%02d 10:00" % day,
                              NAMES[n], "", "1380000%04d" % n, "慈溪测试建设有限公司", CONTRACTOR,
                              "测试工程FX-11", "FX-11", REGION, "工资", "2", "10000.00",
                              "2026-09", "2026-10", "反映拖欠工资"])
    rows["clues"].append(["FX12-0", "国家平台", "2026-11-22 09:30", "马超", "", "13800009999",
                          "慈溪测试纺织有限公司", FACTORY, "", "", REGION, "工资", "35",
                          "200000.00", "2026-08", "2026-10", "反映 35 人被拖欠工资"])
    os.makedirs(dirpath, exist_ok=True)
    for kind, header in HEADERS.items():
        with open(os.path.join(dirpath, kind + ".csv"), "w", encoding="utf-8") as f:
            f.write(header + "\n")
            for r in rows[kind]:
                f.write(",".join(r) + "\n")


def month_rows(rows, code, acct, fault, workers, extra):
    """September and October: attendance, payroll, the 代发 batch and its lines."""
    for month, first, paid_on in (("2026-09", 1, "2026-10-15"), ("2026-10", 8, "2026-11-15")):
        people = list(workers) + ([extra] if extra and month == "2026-09" else [])
        total = 0
        ref = "DF%s%s" % (paid_on.replace("-", ""), code[-2:])
        for w, (idn, name, _) in enumerate(people):
            for day in range(first, first + 20):
                rows["attendance"].append([code, idn, "%s-%02d" % (month, day), "8"])
            sep = month == "2026-09"
            if sep and fault == "no_payroll" and w < 2:
                continue  # attended, no payroll line (2 of 12: more than 10 %)
            days = 23 if sep and fault == "days" and w == 0 else 20
            unpaid = sep and fault == "unpaid12"
            channel = "现金" if sep and fault == "cash" and w == 0 else "专户代发"
            rows["payroll"].append([code, CONTRACTOR, month, idn, name, str(days), yuan(WAGE), "0",
                                    "0" if unpaid else yuan(WAGE), "" if unpaid else paid_on,
                                    channel, "否" if unpaid else "是"])
            if unpaid or channel != "专户代发":
                continue
            total += WAGE
            rows["disbursements"].append([acct, ref, idn, name, "6217%015d" % (w + 1),
                                          yuan(WAGE), paid_on, "成功"])
        if total:
            rows["txns"].append([code, acct, paid_on, "支出", "工资代发", yuan(total), "", ref])


HEADERS = {
    "enterprises": "uscc,name,kind,legal_rep,region_code,phone",
    "projects": "code,name,region_code,industry,funding,builder_uscc,contractor_uscc,"
                "contract_amount,labor_cost_ratio,contract_signed_on,start_date,planned_end,"
                "status,wage_clerk,notice_board",
    "accounts": "project_code,bank,account_no,opened_on",
    "deposits": "project_code,contractor_uscc,form,amount,deposited_on,expires_on",
    "employment": "project_code,employer_uscc,id_number,name,phone,team,trade,contract_signed,"
                  "entered_on,left_on",
    "attendance": "project_code,id_number,date,hours",
    "payroll": "project_code,employer_uscc,month,id_number,name,days_worked,wage_due,deductions,"
               "wage_paid,paid_on,channel,confirmed",
    "txns": "project_code,account_no,txn_date,direction,kind,amount,counterparty,ref",
    "disbursements": "account_no,ref,id_number,name,card_no,amount,paid_on,status",
    "clues": "external_id,channel,received_at,complainant,complainant_id,phone,respondent,"
             "respondent_uscc,project_name,project_code,region_code,nature,people,amount,"
             "period_from,period_to,description",
}
KINDS = ["enterprises", "projects", "accounts", "deposits", "employment", "attendance", "payroll",
         "txns", "disbursements", "clues"]
