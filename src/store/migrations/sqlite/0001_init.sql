-- zhiqian schema, version 1 (SQLite dialect).
--
-- Kept semantically identical to migrations/pg/0001_init.sql: the same tables, columns (in the
-- same order), NOT NULLs, CHECKs, keys and index names; test_store compares the two.
-- Conventions (docs/schema.md): surrogate `id INTEGER PRIMARY KEY` plus UNIQUE natural keys;
-- `province` (6-digit code) on every large table; money INTEGER fen in `*_fen`; dates TEXT
-- 'YYYY-MM-DD', months TEXT 'YYYY-MM'; timestamps INTEGER unix seconds UTC in `*_at`;
-- booleans INTEGER 0/1; enumerations TEXT with CHECK; personal data as `*_enc` (encrypted),
-- `*_hash` (keyed hash, for look-ups) and `*_masked` (for display).

-- ---------------------------------------------------------------- reference data

CREATE TABLE regions (
    code   TEXT NOT NULL PRIMARY KEY CHECK (length(code) IN (6, 9) AND code NOT GLOB '*[^0-9]*'),
    name   TEXT NOT NULL,
    parent TEXT,
    level  INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4)
) STRICT;
CREATE INDEX regions_parent ON regions (parent);

CREATE TABLE calendar_days (
    date   TEXT NOT NULL PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    kind   TEXT NOT NULL CHECK (kind IN ('off', 'work')),
    name   TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL CHECK (source IN ('builtin', 'import'))
) STRICT;

CREATE TABLE config (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE counters (
    name  TEXT NOT NULL PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;

-- ---------------------------------------------------------------- parties

CREATE TABLE enterprises (
    id           INTEGER PRIMARY KEY,
    uscc         TEXT NOT NULL UNIQUE CHECK (length(uscc) = 18),
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('建设单位', '施工总承包', '专业分包', '劳务分包', '其他')),
    legal_rep    TEXT NOT NULL DEFAULT '',
    region_code  TEXT NOT NULL,
    phone_enc    BLOB,
    phone_hash   BLOB,
    phone_masked TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX enterprises_region ON enterprises (region_code);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE enterprise_ratings (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    year          INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2199),
    grade         TEXT NOT NULL CHECK (grade IN ('A', 'B', 'C')),
    reasons       TEXT NOT NULL DEFAULT '',
    computed_at   INTEGER NOT NULL,
    UNIQUE (enterprise_id, year)
) STRICT;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'leader', 'inspector', 'dept_officer', 'enterprise', 'bank')),
    region_code   TEXT NOT NULL,
    dept          TEXT CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    enterprise_id INTEGER REFERENCES enterprises (id),
    display_name  TEXT NOT NULL DEFAULT '',
    phone_enc     BLOB,
    phone_hash    BLOB,
    phone_masked  TEXT,
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins INTEGER NOT NULL DEFAULT 0,
    lock_expires_at INTEGER,
    last_login_at INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX users_region ON users (region_code);

CREATE TABLE workers (
    id           INTEGER PRIMARY KEY,
    id_hash      BLOB NOT NULL UNIQUE,
    id_enc       BLOB NOT NULL,
    id_masked    TEXT NOT NULL,
    name         TEXT NOT NULL,
    phone_enc    BLOB,
    phone_hash   BLOB,
    phone_masked TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX workers_phone ON workers (phone_hash);

-- ---------------------------------------------------------------- projects and their money

CREATE TABLE projects (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    province            TEXT NOT NULL CHECK (length(province) = 6),
    region_code         TEXT NOT NULL,
    industry            TEXT NOT NULL CHECK (industry IN ('住建', '交通', '水利', '农业农村', '其他')),
    funding             TEXT NOT NULL CHECK (funding IN ('政府投资', '国有企业投资', '社会投资')),
    builder_id          INTEGER NOT NULL REFERENCES enterprises (id),
    contractor_id       INTEGER NOT NULL REFERENCES enterprises (id),
    contract_amount_fen INTEGER NOT NULL CHECK (contract_amount_fen >= 0),
    labor_cost_bp       INTEGER NOT NULL CHECK (labor_cost_bp BETWEEN 0 AND 10000),
    contract_signed_on  TEXT CHECK (contract_signed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    start_date          TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    planned_end         TEXT NOT NULL CHECK (planned_end GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status              TEXT NOT NULL CHECK (status IN ('在建', '停工', '完工')),
    wage_clerk          TEXT,
    notice_board        INTEGER CHECK (notice_board IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
) STRICT;
CREATE INDEX projects_region ON projects (region_code);
CREATE INDEX projects_province ON projects (province, status);
CREATE INDEX projects_builder ON projects (builder_id);
CREATE INDEX projects_contractor ON projects (contractor_id);

CREATE TABLE subcontracts (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    subcontractor_id INTEGER NOT NULL REFERENCES enterprises (id),
    province         TEXT NOT NULL CHECK (length(province) = 6),
    kind             TEXT NOT NULL CHECK (kind IN ('专业分包', '劳务分包')),
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    start_date       TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (project_id, subcontractor_id)
) STRICT;
CREATE INDEX subcontracts_subcontractor ON subcontracts (subcontractor_id);

CREATE TABLE wage_accounts (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL UNIQUE REFERENCES projects (id),
    province          TEXT NOT NULL CHECK (length(province) = 6),
    bank              TEXT NOT NULL,
    account_no_enc    BLOB NOT NULL,
    account_no_hash   BLOB NOT NULL UNIQUE,
    account_no_masked TEXT NOT NULL,
    opened_on         TEXT NOT NULL CHECK (opened_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX wage_accounts_bank ON wage_accounts (bank);

CREATE TABLE account_txns (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES wage_accounts (id),
    project_id   INTEGER NOT NULL REFERENCES projects (id),
    province     TEXT NOT NULL CHECK (length(province) = 6),
    txn_date     TEXT NOT NULL CHECK (txn_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    direction    TEXT NOT NULL CHECK (direction IN ('收入', '支出')),
    kind         TEXT NOT NULL CHECK (kind IN ('人工费拨付', '工资代发', '退回', '其他')),
    amount_fen   INTEGER NOT NULL CHECK (amount_fen >= 0),
    counterparty TEXT,
    ref          TEXT NOT NULL,
    UNIQUE (account_id, ref)
) STRICT;
CREATE INDEX account_txns_project ON account_txns (project_id, txn_date);

CREATE TABLE payments (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects (id),
    province   TEXT NOT NULL CHECK (length(province) = 6),
    payer_id   INTEGER NOT NULL REFERENCES enterprises (id),
    payee_id   INTEGER NOT NULL REFERENCES enterprises (id),
    kind       TEXT NOT NULL CHECK (kind IN ('预付款', '进度款', '结算款', '质保金', '其他')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    due_on     TEXT CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    paid_on    TEXT CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ref        TEXT NOT NULL,
    UNIQUE (project_id, ref)
) STRICT;
CREATE INDEX payments_payee ON payments (payee_id);

-- ---------------------------------------------------------------- workers on projects

CREATE TABLE employment (
    id              INTEGER PRIMARY KEY,
    project_id      INTEGER NOT NULL REFERENCES projects (id),
    worker_id       INTEGER NOT NULL REFERENCES workers (id),
    employer_id     INTEGER NOT NULL REFERENCES enterprises (id),
    province        TEXT NOT NULL CHECK (length(province) = 6),
    name            TEXT NOT NULL,
    team            TEXT,
    trade           TEXT,
    contract_signed INTEGER NOT NULL CHECK (contract_signed IN (0, 1)),
    entered_on      TEXT NOT NULL CHECK (entered_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    left_on         TEXT CHECK (left_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    UNIQUE (project_id, worker_id)
) STRICT;
CREATE INDEX employment_worker ON employment (worker_id);
CREATE INDEX employment_employer ON employment (employer_id);

-- One row per project, month and worker: `days` has bit d-1 set when the worker was present
-- on day d; `ndays` is its population count; `hours_x10` (NULL when no hours were sent) holds
-- 31 bytes, byte d-1 the hours of day d in tenths (0-240).
CREATE TABLE attendance (
    project_id INTEGER NOT NULL REFERENCES projects (id),
    month      TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    worker_id  INTEGER NOT NULL REFERENCES workers (id),
    province   TEXT NOT NULL CHECK (length(province) = 6),
    days       INTEGER NOT NULL CHECK (days BETWEEN 0 AND 2147483647),
    ndays      INTEGER NOT NULL CHECK (ndays BETWEEN 0 AND 31),
    hours_x10  BLOB CHECK (length(hours_x10) = 31),
    PRIMARY KEY (project_id, month, worker_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE payroll (
    id             INTEGER PRIMARY KEY,
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    employer_id    INTEGER NOT NULL REFERENCES enterprises (id),
    month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    worker_id      INTEGER NOT NULL REFERENCES workers (id),
    province       TEXT NOT NULL CHECK (length(province) = 6),
    name           TEXT NOT NULL,
    days_worked    INTEGER NOT NULL CHECK (days_worked BETWEEN 0 AND 31),
    wage_due_fen   INTEGER NOT NULL CHECK (wage_due_fen >= 0),
    deductions_fen INTEGER NOT NULL DEFAULT 0 CHECK (deductions_fen >= 0),
    wage_paid_fen  INTEGER NOT NULL CHECK (wage_paid_fen >= 0),
    paid_on        TEXT CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    channel        TEXT NOT NULL CHECK (channel IN ('专户代发', '银行代发', '现金', '其他')),
    confirmed      INTEGER NOT NULL CHECK (confirmed IN (0, 1)),
    UNIQUE (project_id, month, employer_id, worker_id)
) STRICT;
CREATE INDEX payroll_worker ON payroll (worker_id);

CREATE TABLE disbursements (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES wage_accounts (id),
    project_id     INTEGER NOT NULL REFERENCES projects (id),
    province       TEXT NOT NULL CHECK (length(province) = 6),
    ref            TEXT NOT NULL,
    worker_id      INTEGER NOT NULL REFERENCES workers (id),
    name           TEXT NOT NULL,
    card_no_enc    BLOB NOT NULL,
    card_no_hash   BLOB NOT NULL,
    card_no_masked TEXT NOT NULL,
    amount_fen     INTEGER NOT NULL CHECK (amount_fen >= 0),
    paid_on        TEXT NOT NULL CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status         TEXT NOT NULL CHECK (status IN ('成功', '失败', '退回')),
    UNIQUE (account_id, ref, worker_id)
) STRICT;
CREATE INDEX disbursements_worker ON disbursements (worker_id, paid_on);
CREATE INDEX disbursements_project ON disbursements (project_id, paid_on);

-- Totals per project and month, maintained by the imports so that the scan need not re-read
-- every line.  unpaid_* count lines with no paid_on or wage_paid < wage_due - deductions.
CREATE TABLE project_months (
    project_id      INTEGER NOT NULL REFERENCES projects (id),
    month           TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    province        TEXT NOT NULL CHECK (length(province) = 6),
    attendees       INTEGER NOT NULL DEFAULT 0,
    attendance_days INTEGER NOT NULL DEFAULT 0,
    payroll_lines   INTEGER NOT NULL DEFAULT 0,
    payroll_workers INTEGER NOT NULL DEFAULT 0,
    wage_due_fen    INTEGER NOT NULL DEFAULT 0,
    deductions_fen  INTEGER NOT NULL DEFAULT 0,
    wage_paid_fen   INTEGER NOT NULL DEFAULT 0,
    unpaid_lines    INTEGER NOT NULL DEFAULT 0,
    unpaid_fen      INTEGER NOT NULL DEFAULT 0,
    offchannel_lines INTEGER NOT NULL DEFAULT 0,
    inflow_fen      INTEGER NOT NULL DEFAULT 0,
    payout_fen      INTEGER NOT NULL DEFAULT 0,
    updated_at      INTEGER NOT NULL,
    PRIMARY KEY (project_id, month)
) STRICT, WITHOUT ROWID;
CREATE INDEX project_months_updated ON project_months (updated_at);

-- The forward-looking default risk of a project (SPEC §5), with the facts behind it.
CREATE TABLE project_risk (
    project_id  INTEGER PRIMARY KEY REFERENCES projects (id),
    province    TEXT NOT NULL CHECK (length(province) = 6),
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    score       INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    factors     TEXT NOT NULL DEFAULT '[]',
    computed_at INTEGER NOT NULL
) STRICT;

-- ---------------------------------------------------------------- cases and clues

CREATE TABLE cases (
    id                INTEGER PRIMARY KEY,
    case_no           TEXT NOT NULL UNIQUE,
    province          TEXT NOT NULL CHECK (length(province) = 6),
    region_code       TEXT NOT NULL,
    dept              TEXT CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    origin            TEXT NOT NULL CHECK (origin IN ('线索', '检查', '导入', '其他')),
    debtor_id         INTEGER REFERENCES enterprises (id),
    debtor_uscc       TEXT,
    debtor_name       TEXT NOT NULL,
    project_id        INTEGER REFERENCES projects (id),
    status            TEXT NOT NULL CHECK (status IN ('办理中', '已结案')),
    verified          INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
    filed_on          TEXT NOT NULL CHECK (filed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    deadline_on       TEXT CHECK (deadline_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    extended          INTEGER NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    people            INTEGER NOT NULL CHECK (people >= 0),
    amount_fen        INTEGER NOT NULL CHECK (amount_fen >= 0),
    period_from       TEXT CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    plan              TEXT,
    leader_id         INTEGER REFERENCES users (id),
    supervision_level TEXT NOT NULL DEFAULT 'none' CHECK (supervision_level IN ('none', 'county', 'city', 'province', 'national')),
    police_on         TEXT CHECK (police_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    closed_on         TEXT CHECK (closed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    close_kind        TEXT CHECK (close_kind IN ('全额清偿', '移送公安', '移送法院', '其他例外')),
    result            TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
) STRICT;
CREATE INDEX cases_region ON cases (region_code, status);
CREATE INDEX cases_province ON cases (province, filed_on);
CREATE INDEX cases_project ON cases (project_id);
CREATE INDEX cases_debtor ON cases (debtor_id);
CREATE INDEX cases_debtor_uscc ON cases (debtor_uscc);

CREATE TABLE case_parties (
    id            INTEGER PRIMARY KEY,
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    role          TEXT NOT NULL CHECK (role IN ('用人单位', '分包单位', '施工总承包', '建设单位', '其他')),
    liability     TEXT NOT NULL DEFAULT '',
    seq           INTEGER NOT NULL DEFAULT 0,
    UNIQUE (case_id, enterprise_id, role)
) STRICT;
CREATE INDEX case_parties_enterprise ON case_parties (enterprise_id);

CREATE TABLE case_workers (
    id        INTEGER PRIMARY KEY,
    case_id   INTEGER NOT NULL REFERENCES cases (id),
    worker_id INTEGER NOT NULL REFERENCES workers (id),
    owed_fen  INTEGER NOT NULL CHECK (owed_fen >= 0),
    UNIQUE (case_id, worker_id)
) STRICT;
CREATE INDEX case_workers_worker ON case_workers (worker_id);

CREATE TABLE case_handlers (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    role    TEXT NOT NULL CHECK (role IN ('承办', '协办')),
    PRIMARY KEY (case_id, user_id)
) STRICT;
CREATE INDEX case_handlers_user ON case_handlers (user_id);

CREATE TABLE case_documents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL CHECK (kind IN ('限期整改指令书', '责令支付通知', '行政处罚决定书', '其他')),
    doc_no      TEXT NOT NULL,
    issued_on   TEXT NOT NULL CHECK (issued_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    deadline_on TEXT CHECK (deadline_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    complied_on TEXT CHECK (complied_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at  INTEGER NOT NULL,
    UNIQUE (case_id, doc_no)
) STRICT;

CREATE TABLE case_events (
    id       INTEGER PRIMARY KEY,
    case_id  INTEGER NOT NULL REFERENCES cases (id),
    at       INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT '',
    detail   TEXT
) STRICT;
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE clues (
    id                    INTEGER PRIMARY KEY,
    ticket                TEXT NOT NULL UNIQUE,
    channel               TEXT NOT NULL CHECK (channel IN ('国家平台', '12345热线', '12333热线', '网上投诉', '来访', '来信', '信访转办', '网络舆情', '督查交办', '其他')),
    external_id           TEXT,
    received_at           INTEGER NOT NULL,
    province              TEXT NOT NULL CHECK (length(province) = 6),
    region_code           TEXT NOT NULL,
    dept                  TEXT CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    first_region_code     TEXT NOT NULL,
    complainant           TEXT NOT NULL,
    complainant_id_enc    BLOB,
    complainant_id_hash   BLOB,
    complainant_id_masked TEXT,
    phone_enc             BLOB NOT NULL,
    phone_hash            BLOB NOT NULL,
    phone_masked          TEXT NOT NULL,
    respondent            TEXT NOT NULL,
    respondent_uscc       TEXT,
    respondent_id         INTEGER REFERENCES enterprises (id),
    project_id            INTEGER REFERENCES projects (id),
    project_code          TEXT,
    project_name          TEXT,
    nature                TEXT NOT NULL CHECK (nature IN ('工资', '工程款', '混合', '待核实')),
    people                INTEGER NOT NULL CHECK (people >= 0),
    amount_fen            INTEGER NOT NULL CHECK (amount_fen >= 0),
    period_from           TEXT CHECK (period_from GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    period_to             TEXT CHECK (period_to GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    description           TEXT NOT NULL,
    status                TEXT NOT NULL DEFAULT '待受理' CHECK (status IN ('待受理', '已受理', '不予受理', '转办', '核查中', '查实', '不属实', '工程款纠纷', '办结', '已回访')),
    accept_by             TEXT NOT NULL CHECK (accept_by GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    accepted_on           TEXT CHECK (accepted_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    close_by              TEXT CHECK (close_by GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    closed_on             TEXT CHECK (closed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    transfer_region_code  TEXT,
    transfer_dept         TEXT CHECK (transfer_dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    reason                TEXT,
    result                TEXT,
    satisfaction          TEXT CHECK (satisfaction IN ('满意', '基本满意', '不满意')),
    reopened              INTEGER NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
    linked_to             INTEGER REFERENCES clues (id),
    case_id               INTEGER REFERENCES cases (id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    UNIQUE (channel, external_id)
) STRICT;
CREATE INDEX clues_region ON clues (region_code, status);
CREATE INDEX clues_province ON clues (province, received_at);
CREATE INDEX clues_project ON clues (project_id, received_at);
CREATE INDEX clues_respondent ON clues (respondent, received_at);
CREATE INDEX clues_phone ON clues (phone_hash, received_at);
CREATE INDEX clues_complainant_id ON clues (complainant_id_hash);
CREATE INDEX clues_case ON clues (case_id);

CREATE TABLE clue_handlers (
    clue_id INTEGER NOT NULL REFERENCES clues (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (clue_id, user_id)
) STRICT;
CREATE INDEX clue_handlers_user ON clue_handlers (user_id);

CREATE TABLE clue_events (
    id          INTEGER PRIMARY KEY,
    clue_id     INTEGER NOT NULL REFERENCES clues (id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT NOT NULL DEFAULT '',
    detail      TEXT
) STRICT;
CREATE INDEX clue_events_clue ON clue_events (clue_id, at);

-- ---------------------------------------------------------------- deposits, fund, settlements

CREATE TABLE deposits (
    id               INTEGER PRIMARY KEY,
    project_id       INTEGER NOT NULL REFERENCES projects (id),
    contractor_id    INTEGER NOT NULL REFERENCES enterprises (id),
    province         TEXT NOT NULL CHECK (length(province) = 6),
    form             TEXT NOT NULL CHECK (form IN ('现金', '银行保函', '担保公司保函', '保证保险')),
    amount_fen       INTEGER NOT NULL CHECK (amount_fen >= 0),
    deposited_on     TEXT NOT NULL CHECK (deposited_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    expires_on       TEXT CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status           TEXT NOT NULL DEFAULT '有效' CHECK (status IN ('有效', '退还公示', '已退还')),
    return_notice_on TEXT CHECK (return_notice_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    returned_on      TEXT CHECK (returned_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    UNIQUE (project_id, form, deposited_on),
    CHECK (form = '现金' OR expires_on IS NOT NULL)
) STRICT;
CREATE INDEX deposits_contractor ON deposits (contractor_id);

CREATE TABLE deposit_events (
    id         INTEGER PRIMARY KEY,
    deposit_id INTEGER NOT NULL REFERENCES deposits (id),
    kind       TEXT NOT NULL CHECK (kind IN ('动用', '补足', '退还')),
    amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
    on_date    TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    case_id    INTEGER REFERENCES cases (id),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX deposit_events_deposit ON deposit_events (deposit_id, on_date);

CREATE TABLE fund_accounts (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL UNIQUE,
    province    TEXT NOT NULL CHECK (length(province) = 6),
    balance_fen INTEGER NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
    updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE fund_advances (
    id            INTEGER PRIMARY KEY,
    fund_id       INTEGER NOT NULL REFERENCES fund_accounts (id),
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    debtor_id     INTEGER REFERENCES enterprises (id),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    recovered_fen INTEGER NOT NULL DEFAULT 0 CHECK (recovered_fen >= 0),
    advanced_on   TEXT NOT NULL CHECK (advanced_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status        TEXT NOT NULL DEFAULT '待追回' CHECK (status IN ('待追回', '部分追回', '已追回', '核销')),
    created_at    INTEGER NOT NULL,
    CHECK (recovered_fen <= amount_fen)
) STRICT;
CREATE INDEX fund_advances_case ON fund_advances (case_id);
CREATE INDEX fund_advances_debtor ON fund_advances (debtor_id);

CREATE TABLE fund_movements (
    id         INTEGER PRIMARY KEY,
    fund_id    INTEGER NOT NULL REFERENCES fund_accounts (id),
    kind       TEXT NOT NULL CHECK (kind IN ('注资', '垫付', '追回', '调整')),
    amount_fen INTEGER NOT NULL,
    on_date    TEXT NOT NULL CHECK (on_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    advance_id INTEGER REFERENCES fund_advances (id),
    note       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX fund_movements_fund ON fund_movements (fund_id, on_date);

CREATE TABLE settlements (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases (id),
    province        TEXT NOT NULL CHECK (length(province) = 6),
    payer_role      TEXT NOT NULL CHECK (payer_role IN ('用人单位', '总包先行清偿', '建设单位垫付', '保证金', '应急周转金', '其他')),
    payer_id        INTEGER REFERENCES enterprises (id),
    worker_id       INTEGER REFERENCES workers (id),
    amount_fen      INTEGER NOT NULL CHECK (amount_fen > 0),
    paid_on         TEXT NOT NULL CHECK (paid_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    fund_advance_id INTEGER REFERENCES fund_advances (id),
    deposit_event_id INTEGER REFERENCES deposit_events (id),
    note            TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    created_by      INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX settlements_case ON settlements (case_id);
CREATE INDEX settlements_province ON settlements (province, paid_on);

-- ---------------------------------------------------------------- credit

CREATE TABLE blacklist (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER REFERENCES enterprises (id),
    uscc          TEXT NOT NULL,
    name          TEXT NOT NULL,
    list          TEXT NOT NULL CHECK (list IN ('失信联合惩戒', '重点关注')),
    source        TEXT NOT NULL CHECK (source IN ('本地', '导入')),
    status        TEXT NOT NULL CHECK (status IN ('拟列入', '已告知', '已列入', '不予列入', '已移出')),
    region_code   TEXT,
    case_id       INTEGER REFERENCES cases (id),
    proposed_on   TEXT CHECK (proposed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    noticed_on    TEXT CHECK (noticed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    decided_on    TEXT CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    decided_by    TEXT,
    expires_on    TEXT CHECK (expires_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    reason        TEXT NOT NULL,
    removed_on    TEXT CHECK (removed_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    removal_kind  TEXT CHECK (removal_kind IN ('届满', '信用修复', '撤销')),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    UNIQUE (uscc, list, decided_on)
) STRICT;
CREATE INDEX blacklist_name ON blacklist (name);
CREATE INDEX blacklist_status ON blacklist (status, list);
CREATE INDEX blacklist_enterprise ON blacklist (enterprise_id);

CREATE TABLE blacklist_persons (
    id        INTEGER PRIMARY KEY,
    entry_id  INTEGER NOT NULL REFERENCES blacklist (id),
    name      TEXT NOT NULL,
    role      TEXT NOT NULL DEFAULT '',
    id_enc    BLOB,
    id_hash   BLOB,
    id_masked TEXT
) STRICT;
CREATE INDEX blacklist_persons_entry ON blacklist_persons (entry_id);

CREATE TABLE blacklist_events (
    id       INTEGER PRIMARY KEY,
    entry_id INTEGER NOT NULL REFERENCES blacklist (id),
    at       INTEGER NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    action   TEXT NOT NULL,
    note     TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX blacklist_events_entry ON blacklist_events (entry_id, at);

-- ---------------------------------------------------------------- incidents, reports, follow-through

CREATE TABLE incidents (
    id            INTEGER PRIMARY KEY,
    province      TEXT NOT NULL CHECK (length(province) = 6),
    region_code   TEXT NOT NULL,
    project_id    INTEGER REFERENCES projects (id),
    enterprise_id INTEGER REFERENCES enterprises (id),
    occurred_at   INTEGER NOT NULL,
    place         TEXT NOT NULL,
    people        INTEGER NOT NULL CHECK (people >= 0),
    amount_fen    INTEGER NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    nature        TEXT NOT NULL CHECK (nature IN ('工资', '工程款', '混合')),
    form          TEXT NOT NULL CHECK (form IN ('聚集', '上访', '越级上访', '网络发帖', '极端行为')),
    status        TEXT NOT NULL DEFAULT '处置中' CHECK (status IN ('处置中', '已平息', '已办结')),
    serious       INTEGER NOT NULL DEFAULT 0 CHECK (serious IN (0, 1)),
    description   TEXT NOT NULL,
    reported_by   INTEGER REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX incidents_region ON incidents (region_code, occurred_at);
CREATE INDEX incidents_project ON incidents (project_id);

CREATE TABLE incident_followups (
    id          INTEGER PRIMARY KEY,
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    note        TEXT NOT NULL
) STRICT;
CREATE INDEX incident_followups_incident ON incident_followups (incident_id, at);

CREATE TABLE zero_reports (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    province    TEXT NOT NULL CHECK (length(province) = 6),
    report_date TEXT NOT NULL CHECK (report_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    has_events  INTEGER NOT NULL CHECK (has_events IN (0, 1)),
    note        TEXT NOT NULL DEFAULT '',
    filed_at    INTEGER NOT NULL,
    filed_by    INTEGER REFERENCES users (id),
    UNIQUE (region_code, report_date)
) STRICT;
CREATE INDEX zero_reports_date ON zero_reports (report_date);

CREATE TABLE supervision_rounds (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    province    TEXT NOT NULL CHECK (length(province) = 6),
    title       TEXT NOT NULL,
    started_on  TEXT NOT NULL CHECK (started_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    ended_on    TEXT CHECK (ended_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    created_at  INTEGER NOT NULL,
    created_by  INTEGER REFERENCES users (id)
) STRICT;
CREATE INDEX supervision_rounds_region ON supervision_rounds (region_code, started_on);

CREATE TABLE supervision_findings (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES supervision_rounds (id),
    region_code  TEXT NOT NULL,
    case_id      INTEGER REFERENCES cases (id),
    finding      TEXT NOT NULL,
    measure      TEXT NOT NULL CHECK (measure IN ('提醒函', '约谈', '通报', '问责')),
    deadline_on  TEXT CHECK (deadline_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    rectified_on TEXT CHECK (rectified_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    followup     TEXT NOT NULL DEFAULT '',
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX supervision_findings_round ON supervision_findings (round_id);
CREATE INDEX supervision_findings_region ON supervision_findings (region_code);

CREATE TABLE duty_roster (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    UNIQUE (region_code, starts_at, user_id),
    CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX duty_roster_user ON duty_roster (user_id);

CREATE TABLE followups (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('project', 'enterprise', 'clue', 'case', 'region')),
    subject_code TEXT NOT NULL,
    province     TEXT NOT NULL CHECK (length(province) = 6),
    region_code  TEXT NOT NULL,
    officer_id   INTEGER NOT NULL REFERENCES users (id),
    plan         TEXT NOT NULL,
    deadline_on  TEXT NOT NULL CHECK (deadline_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    status       TEXT NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中', '已完成')),
    feedback     TEXT,
    feedback_at  INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX followups_subject ON followups (subject_type, subject_code);
CREATE INDEX followups_officer ON followups (officer_id, status);

CREATE TABLE rechecks (
    id            INTEGER PRIMARY KEY,
    enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
    case_id       INTEGER NOT NULL REFERENCES cases (id),
    province      TEXT NOT NULL CHECK (length(province) = 6),
    due_on        TEXT NOT NULL CHECK (due_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    done_on       TEXT CHECK (done_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    result        TEXT,
    checked_by    INTEGER REFERENCES users (id),
    UNIQUE (case_id, due_on)
) STRICT;
CREATE INDEX rechecks_due ON rechecks (province, due_on);

-- ---------------------------------------------------------------- warnings and the risk ledger

CREATE TABLE warnings (
    id             INTEGER PRIMARY KEY,
    rule           TEXT NOT NULL CHECK (rule GLOB 'W[0-9][0-9]'),
    level          TEXT NOT NULL CHECK (level IN ('red', 'orange', 'yellow')),
    base_level     TEXT NOT NULL CHECK (base_level IN ('red', 'orange', 'yellow')),
    subject_type   TEXT NOT NULL CHECK (subject_type IN ('project', 'enterprise', 'clue', 'case', 'region')),
    subject_code   TEXT NOT NULL,
    month          TEXT NOT NULL DEFAULT '' CHECK (month = '' OR month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
    province       TEXT NOT NULL CHECK (length(province) = 6),
    region_code    TEXT NOT NULL,
    dept           TEXT CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    project_id     INTEGER REFERENCES projects (id),
    status         TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'assigned', 'notified', 'replied', 'reviewed', 'resolved', 'dismissed')),
    first_seen     TEXT NOT NULL CHECK (first_seen GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    last_seen      TEXT NOT NULL CHECK (last_seen GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    message        TEXT NOT NULL,
    basis          TEXT NOT NULL,
    evidence       TEXT,
    assigned_dept  TEXT CHECK (assigned_dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    assignee_id    INTEGER REFERENCES users (id),
    deadline_on    TEXT CHECK (deadline_on GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    notified_at    INTEGER,
    reply          TEXT,
    replied_at     INTEGER,
    reviewed_at    INTEGER,
    resolved_at    INTEGER,
    dismiss_reason TEXT,
    reopen_count   INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    UNIQUE (rule, subject_type, subject_code, month)
) STRICT;
CREATE INDEX warnings_region ON warnings (region_code, status);
CREATE INDEX warnings_province ON warnings (province, status, level);
CREATE INDEX warnings_subject ON warnings (subject_type, subject_code);
CREATE INDEX warnings_project ON warnings (project_id);

CREATE TABLE warning_events (
    id          INTEGER PRIMARY KEY,
    warning_id  INTEGER NOT NULL REFERENCES warnings (id),
    at          INTEGER NOT NULL,
    actor_id    INTEGER REFERENCES users (id),
    action      TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT,
    note        TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX warning_events_warning ON warning_events (warning_id, at);

CREATE TABLE risk_ledger (
    id           INTEGER PRIMARY KEY,
    subject_type TEXT NOT NULL CHECK (subject_type IN ('project', 'enterprise')),
    subject_code TEXT NOT NULL,
    province     TEXT NOT NULL CHECK (length(province) = 6),
    region_code  TEXT NOT NULL,
    dept         TEXT,
    funding      TEXT,
    red          INTEGER NOT NULL DEFAULT 0,
    orange       INTEGER NOT NULL DEFAULT 0,
    yellow       INTEGER NOT NULL DEFAULT 0,
    score        INTEGER NOT NULL DEFAULT 0,
    class        TEXT NOT NULL CHECK (class IN ('高', '中', '低')),
    predicted    INTEGER CHECK (predicted BETWEEN 0 AND 100),
    updated_at   INTEGER NOT NULL,
    UNIQUE (subject_type, subject_code)
) STRICT;
CREATE INDEX risk_ledger_region ON risk_ledger (region_code, score);

CREATE TABLE scan_runs (
    id          INTEGER PRIMARY KEY,
    as_of       TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),
    incremental INTEGER NOT NULL CHECK (incremental IN (0, 1)),
    started_at  INTEGER NOT NULL,
    finished_at INTEGER,
    found       INTEGER NOT NULL DEFAULT 0,
    opened      INTEGER NOT NULL DEFAULT 0,
    resolved    INTEGER NOT NULL DEFAULT 0,
    counts      TEXT
) STRICT;

-- ---------------------------------------------------------------- access and accountability

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   BLOB NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_hash    BLOB NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id            INTEGER PRIMARY KEY,
    token_hash    BLOB NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('enterprise', 'bank')),
    subject       TEXT NOT NULL,
    enterprise_id INTEGER REFERENCES enterprises (id),
    label         TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    created_by    INTEGER REFERENCES users (id),
    last_used_at  INTEGER,
    revoked_at    INTEGER
) STRICT;
CREATE INDEX api_tokens_subject ON api_tokens (role, subject);

CREATE TABLE rate_limits (
    bucket       TEXT NOT NULL PRIMARY KEY,
    window_started_at INTEGER NOT NULL,
    hits         INTEGER NOT NULL
) STRICT;

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    subject_type TEXT,
    subject_code TEXT,
    message      TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    read_at      INTEGER
) STRICT;
CREATE INDEX notifications_user ON notifications (user_id, read_at);

-- Append-only and hash-chained: hash = H(prev_hash || the record); seq has no gaps (the
-- writer assigns last + 1 inside its transaction).  UPDATE and DELETE are refused.
CREATE TABLE audit_log (
    seq         INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    province    TEXT NOT NULL CHECK (length(province) = 6),
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   BLOB NOT NULL,
    hash        BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能修改');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, '审计日志只能追加，不能删除');
END;

-- ---------------------------------------------------------------- imports

CREATE TABLE import_jobs (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('enterprises', 'projects', 'subcontracts', 'accounts', 'deposits', 'employment', 'attendance', 'payroll', 'txns', 'disbursements', 'payments', 'cases', 'blacklist', 'clues')),
    status        TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    source        TEXT NOT NULL CHECK (source IN ('cli', 'api', 'ui')),
    actor         TEXT NOT NULL,
    file_name     TEXT NOT NULL DEFAULT '',
    strict        INTEGER NOT NULL DEFAULT 0 CHECK (strict IN (0, 1)),
    dry_run       INTEGER NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    bytes_total   INTEGER,
    bytes_done    INTEGER NOT NULL DEFAULT 0,
    progress      INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    rows_total    INTEGER NOT NULL DEFAULT 0,
    rows_new      INTEGER NOT NULL DEFAULT 0,
    rows_updated  INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    message       TEXT,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER,
    finished_at   INTEGER
) STRICT;
CREATE INDEX import_jobs_status ON import_jobs (status, created_at);

CREATE TABLE import_errors (
    id     INTEGER PRIMARY KEY,
    job_id INTEGER NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    line   INTEGER NOT NULL,
    col    TEXT NOT NULL DEFAULT '',
    value  TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL
) STRICT;
CREATE INDEX import_errors_job ON import_errors (job_id, line);
