-- zhiqian schema, version 1 (PostgreSQL dialect).
--
-- Kept semantically identical to migrations/sqlite/0001_init.sql: the same tables, columns (in the
-- same order), NOT NULLs, CHECKs, keys and index names; test_store compares the two.
-- Conventions (docs/schema.md): surrogate `id bigint GENERATED ALWAYS AS IDENTITY` plus UNIQUE
-- natural keys; `province` (6-digit code) on every large table; money bigint fen in `*_fen`;
-- dates text 'YYYY-MM-DD', months text 'YYYY-MM'; timestamps bigint unix seconds UTC in `*_at`;
-- booleans integer 0/1; enumerations text with CHECK; personal data as `*_enc` (encrypted),
-- `*_hash` (keyed hash, for look-ups) and `*_masked` (for display).

-- ---------------------------------------------------------------- reference data

CREATE TABLE regions (
    code   text NOT NULL PRIMARY KEY CHECK (length(code) IN (6, 9) AND code !~ '[^0-9]'),
    name   text NOT NULL,
    parent text,
    level  integer NOT NULL CHECK (level BETWEEN 1 AND 4)
);
CREATE INDEX regions_parent ON regions (parent);

CREATE TABLE calendar_days (
    date   text NOT NULL PRIMARY KEY CHECK (date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    kind   text NOT NULL CHECK (kind IN ('off', 'work')),
    name   text NOT NULL DEFAULT '',
    source text NOT NULL CHECK (source IN ('builtin', 'import'))
);

CREATE TABLE config (
    key        text NOT NULL PRIMARY KEY,
    value      text NOT NULL,
    updated_at bigint NOT NULL
);

CREATE TABLE counters (
    name  text NOT NULL PRIMARY KEY,
    value bigint NOT NULL
);

-- ---------------------------------------------------------------- parties

CREATE TABLE enterprises (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uscc         text NOT NULL UNIQUE CHECK (length(uscc) = 18),
    name         text NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('建设单位', '施工总承包', '专业分包', '劳务分包', '其他')),
    legal_rep    text NOT NULL DEFAULT '',
    region_code  text NOT NULL,
    phone_enc    bytea,
    phone_hash   bytea,
    phone_masked text,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region_code);
CREATE INDEX enterprises_name ON enterprises (name);

CREATE TABLE enterprise_ratings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprises (id),
    year          integer NOT NULL CHECK (year BETWEEN 2000 AND 2199),
    grade         text NOT NULL CHECK (grade IN ('A', 'B', 'C')),
    reasons       text NOT NULL DEFAULT '',
    computed_at   bigint NOT NULL,
    UNIQUE (enterprise_id, year)
);

CREATE TABLE users (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'leader', 'inspector', 'dept_officer', 'enterprise', 'bank')),
    region_code   text NOT NULL,
    dept          text CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    enterprise_id bigint REFERENCES enterprises (id),
    display_name  text NOT NULL DEFAULT '',
    phone_enc     bytea,
    phone_hash    bytea,
    phone_masked  text,
    disabled      integer NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins integer NOT NULL DEFAULT 0,
    lock_expires_at bigint,
    last_login_at bigint,
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL
);
CREATE INDEX users_region ON users (region_code);

CREATE TABLE workers (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id_hash      bytea NOT NULL UNIQUE,
    id_enc       bytea NOT NULL,
    id_masked    text NOT NULL,
    name         text NOT NULL,
    phone_enc    bytea,
    phone_hash   bytea,
    phone_masked text,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL
);
CREATE INDEX workers_phone ON workers (phone_hash);

-- ---------------------------------------------------------------- projects and their money

CREATE TABLE projects (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                text NOT NULL UNIQUE,
    name                text NOT NULL,
    province            text NOT NULL CHECK (length(province) = 6),
    region_code         text NOT NULL,
    industry            text NOT NULL CHECK (industry IN ('住建', '交通', '水利', '农业农村', '其他')),
    funding             text NOT NULL CHECK (funding IN ('政府投资', '国有企业投资', '社会投资')),
    builder_id          bigint NOT NULL REFERENCES enterprises (id),
    contractor_id       bigint NOT NULL REFERENCES enterprises (id),
    contract_amount_fen bigint NOT NULL CHECK (contract_amount_fen >= 0),
    labor_cost_bp       integer NOT NULL CHECK (labor_cost_bp BETWEEN 0 AND 10000),
    contract_signed_on  text CHECK (contract_signed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    start_date          text NOT NULL CHECK (start_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    planned_end         text NOT NULL CHECK (planned_end ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    status              text NOT NULL CHECK (status IN ('在建', '停工', '完工')),
    wage_clerk          text,
    notice_board        integer CHECK (notice_board IN (0, 1)),
    created_at          bigint NOT NULL,
    updated_at          bigint NOT NULL
);
CREATE INDEX projects_region ON projects (region_code);
CREATE INDEX projects_province ON projects (province, status);
CREATE INDEX projects_builder ON projects (builder_id);
CREATE INDEX projects_contractor ON projects (contractor_id);

CREATE TABLE subcontracts (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint NOT NULL REFERENCES projects (id),
    subcontractor_id bigint NOT NULL REFERENCES enterprises (id),
    province         text NOT NULL CHECK (length(province) = 6),
    kind             text NOT NULL CHECK (kind IN ('专业分包', '劳务分包')),
    amount_fen       bigint NOT NULL CHECK (amount_fen >= 0),
    start_date       text NOT NULL CHECK (start_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL,
    UNIQUE (project_id, subcontractor_id)
);
CREATE INDEX subcontracts_subcontractor ON subcontracts (subcontractor_id);

CREATE TABLE wage_accounts (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint NOT NULL UNIQUE REFERENCES projects (id),
    province          text NOT NULL CHECK (length(province) = 6),
    bank              text NOT NULL,
    account_no_enc    bytea NOT NULL,
    account_no_hash   bytea NOT NULL UNIQUE,
    account_no_masked text NOT NULL,
    opened_on         text NOT NULL CHECK (opened_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at        bigint NOT NULL,
    updated_at        bigint NOT NULL
);
CREATE INDEX wage_accounts_bank ON wage_accounts (bank);

CREATE TABLE account_txns (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES wage_accounts (id),
    project_id   bigint NOT NULL REFERENCES projects (id),
    province     text NOT NULL CHECK (length(province) = 6),
    txn_date     text NOT NULL CHECK (txn_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    direction    text NOT NULL CHECK (direction IN ('收入', '支出')),
    kind         text NOT NULL CHECK (kind IN ('人工费拨付', '工资代发', '退回', '其他')),
    amount_fen   bigint NOT NULL CHECK (amount_fen >= 0),
    counterparty text,
    ref          text NOT NULL,
    UNIQUE (account_id, ref)
);
CREATE INDEX account_txns_project ON account_txns (project_id, txn_date);

CREATE TABLE payments (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id bigint NOT NULL REFERENCES projects (id),
    province   text NOT NULL CHECK (length(province) = 6),
    payer_id   bigint NOT NULL REFERENCES enterprises (id),
    payee_id   bigint NOT NULL REFERENCES enterprises (id),
    kind       text NOT NULL CHECK (kind IN ('预付款', '进度款', '结算款', '质保金', '其他')),
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    due_on     text CHECK (due_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    paid_on    text CHECK (paid_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    ref        text NOT NULL,
    UNIQUE (project_id, ref)
);
CREATE INDEX payments_payee ON payments (payee_id);

-- ---------------------------------------------------------------- workers on projects

CREATE TABLE employment (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id      bigint NOT NULL REFERENCES projects (id),
    worker_id       bigint NOT NULL REFERENCES workers (id),
    employer_id     bigint NOT NULL REFERENCES enterprises (id),
    province        text NOT NULL CHECK (length(province) = 6),
    name            text NOT NULL,
    team            text,
    trade           text,
    contract_signed integer NOT NULL CHECK (contract_signed IN (0, 1)),
    entered_on      text NOT NULL CHECK (entered_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    left_on         text CHECK (left_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at      bigint NOT NULL,
    updated_at      bigint NOT NULL,
    UNIQUE (project_id, worker_id)
);
CREATE INDEX employment_worker ON employment (worker_id);
CREATE INDEX employment_employer ON employment (employer_id);

-- One row per project, month and worker: `days` has bit d-1 set when the worker was present
-- on day d; `ndays` is its population count; `hours_x10` (NULL when no hours were sent) holds
-- 31 bytes, byte d-1 the hours of day d in tenths (0-240).
CREATE TABLE attendance (
    project_id bigint NOT NULL REFERENCES projects (id),
    month      text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'),
    worker_id  bigint NOT NULL REFERENCES workers (id),
    province   text NOT NULL CHECK (length(province) = 6),
    days       integer NOT NULL CHECK (days BETWEEN 0 AND 2147483647),
    ndays      integer NOT NULL CHECK (ndays BETWEEN 0 AND 31),
    hours_x10  bytea CHECK (length(hours_x10) = 31),
    PRIMARY KEY (project_id, month, worker_id)
);

CREATE TABLE payroll (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint NOT NULL REFERENCES projects (id),
    employer_id    bigint NOT NULL REFERENCES enterprises (id),
    month          text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'),
    worker_id      bigint NOT NULL REFERENCES workers (id),
    province       text NOT NULL CHECK (length(province) = 6),
    name           text NOT NULL,
    days_worked    integer NOT NULL CHECK (days_worked BETWEEN 0 AND 31),
    wage_due_fen   bigint NOT NULL CHECK (wage_due_fen >= 0),
    deductions_fen bigint NOT NULL DEFAULT 0 CHECK (deductions_fen >= 0),
    wage_paid_fen  bigint NOT NULL CHECK (wage_paid_fen >= 0),
    paid_on        text CHECK (paid_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    channel        text NOT NULL CHECK (channel IN ('专户代发', '银行代发', '现金', '其他')),
    confirmed      integer NOT NULL CHECK (confirmed IN (0, 1)),
    UNIQUE (project_id, month, employer_id, worker_id)
);
CREATE INDEX payroll_worker ON payroll (worker_id);

CREATE TABLE disbursements (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id     bigint NOT NULL REFERENCES wage_accounts (id),
    project_id     bigint NOT NULL REFERENCES projects (id),
    province       text NOT NULL CHECK (length(province) = 6),
    ref            text NOT NULL,
    worker_id      bigint NOT NULL REFERENCES workers (id),
    name           text NOT NULL,
    card_no_enc    bytea NOT NULL,
    card_no_hash   bytea NOT NULL,
    card_no_masked text NOT NULL,
    amount_fen     bigint NOT NULL CHECK (amount_fen >= 0),
    paid_on        text NOT NULL CHECK (paid_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    status         text NOT NULL CHECK (status IN ('成功', '失败', '退回')),
    UNIQUE (account_id, ref, worker_id)
);
CREATE INDEX disbursements_worker ON disbursements (worker_id, paid_on);
CREATE INDEX disbursements_project ON disbursements (project_id, paid_on);

-- Totals per project and month, maintained by the imports so that the scan need not re-read
-- every line.  unpaid_* count lines with no paid_on or wage_paid < wage_due - deductions.
CREATE TABLE project_months (
    project_id      bigint NOT NULL REFERENCES projects (id),
    month           text NOT NULL CHECK (month ~ '^[0-9]{4}-[01][0-9]$'),
    province        text NOT NULL CHECK (length(province) = 6),
    attendees       integer NOT NULL DEFAULT 0,
    attendance_days integer NOT NULL DEFAULT 0,
    payroll_lines   integer NOT NULL DEFAULT 0,
    payroll_workers integer NOT NULL DEFAULT 0,
    wage_due_fen    bigint NOT NULL DEFAULT 0,
    deductions_fen  bigint NOT NULL DEFAULT 0,
    wage_paid_fen   bigint NOT NULL DEFAULT 0,
    unpaid_lines    integer NOT NULL DEFAULT 0,
    unpaid_fen      bigint NOT NULL DEFAULT 0,
    offchannel_lines integer NOT NULL DEFAULT 0,
    inflow_fen      bigint NOT NULL DEFAULT 0,
    payout_fen      bigint NOT NULL DEFAULT 0,
    updated_at      bigint NOT NULL,
    PRIMARY KEY (project_id, month)
);
CREATE INDEX project_months_updated ON project_months (updated_at);

-- The forward-looking default risk of a project (SPEC §5), with the facts behind it.
CREATE TABLE project_risk (
    project_id  bigint PRIMARY KEY REFERENCES projects (id),
    province    text NOT NULL CHECK (length(province) = 6),
    as_of       text NOT NULL CHECK (as_of ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    score       integer NOT NULL CHECK (score BETWEEN 0 AND 100),
    factors     text NOT NULL DEFAULT '[]',
    computed_at bigint NOT NULL
);

-- ---------------------------------------------------------------- cases and clues

CREATE TABLE cases (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_no           text NOT NULL UNIQUE,
    province          text NOT NULL CHECK (length(province) = 6),
    region_code       text NOT NULL,
    dept              text CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    origin            text NOT NULL CHECK (origin IN ('线索', '检查', '导入', '其他')),
    debtor_id         bigint REFERENCES enterprises (id),
    debtor_uscc       text,
    debtor_name       text NOT NULL,
    project_id        bigint REFERENCES projects (id),
    status            text NOT NULL CHECK (status IN ('办理中', '已结案')),
    verified          integer NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
    filed_on          text NOT NULL CHECK (filed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    deadline_on       text CHECK (deadline_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    extended          integer NOT NULL DEFAULT 0 CHECK (extended IN (0, 1)),
    people            integer NOT NULL CHECK (people >= 0),
    amount_fen        bigint NOT NULL CHECK (amount_fen >= 0),
    period_from       text CHECK (period_from ~ '^[0-9]{4}-[01][0-9]$'),
    plan              text,
    leader_id         bigint REFERENCES users (id),
    supervision_level text NOT NULL DEFAULT 'none' CHECK (supervision_level IN ('none', 'county', 'city', 'province', 'national')),
    police_on         text CHECK (police_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    closed_on         text CHECK (closed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    close_kind        text CHECK (close_kind IN ('全额清偿', '移送公安', '移送法院', '其他例外')),
    result            text,
    created_at        bigint NOT NULL,
    updated_at        bigint NOT NULL
);
CREATE INDEX cases_region ON cases (region_code, status);
CREATE INDEX cases_province ON cases (province, filed_on);
CREATE INDEX cases_project ON cases (project_id);
CREATE INDEX cases_debtor ON cases (debtor_id);
CREATE INDEX cases_debtor_uscc ON cases (debtor_uscc);

CREATE TABLE case_parties (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id       bigint NOT NULL REFERENCES cases (id),
    enterprise_id bigint NOT NULL REFERENCES enterprises (id),
    role          text NOT NULL CHECK (role IN ('用人单位', '分包单位', '施工总承包', '建设单位', '其他')),
    liability     text NOT NULL DEFAULT '',
    seq           bigint NOT NULL DEFAULT 0,
    UNIQUE (case_id, enterprise_id, role)
);
CREATE INDEX case_parties_enterprise ON case_parties (enterprise_id);

CREATE TABLE case_workers (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id   bigint NOT NULL REFERENCES cases (id),
    worker_id bigint NOT NULL REFERENCES workers (id),
    owed_fen  bigint NOT NULL CHECK (owed_fen >= 0),
    UNIQUE (case_id, worker_id)
);
CREATE INDEX case_workers_worker ON case_workers (worker_id);

CREATE TABLE case_handlers (
    case_id bigint NOT NULL REFERENCES cases (id),
    user_id bigint NOT NULL REFERENCES users (id),
    role    text NOT NULL CHECK (role IN ('承办', '协办')),
    PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_handlers_user ON case_handlers (user_id);

CREATE TABLE case_documents (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     bigint NOT NULL REFERENCES cases (id),
    kind        text NOT NULL CHECK (kind IN ('限期整改指令书', '责令支付通知', '行政处罚决定书', '其他')),
    doc_no      text NOT NULL,
    issued_on   text NOT NULL CHECK (issued_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    deadline_on text CHECK (deadline_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    complied_on text CHECK (complied_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at  bigint NOT NULL,
    UNIQUE (case_id, doc_no)
);

CREATE TABLE case_events (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id  bigint NOT NULL REFERENCES cases (id),
    at       integer NOT NULL,
    actor_id bigint REFERENCES users (id),
    action   text NOT NULL,
    note     text NOT NULL DEFAULT '',
    detail   text
);
CREATE INDEX case_events_case ON case_events (case_id, at);

CREATE TABLE clues (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    ticket                text NOT NULL UNIQUE,
    channel               text NOT NULL CHECK (channel IN ('国家平台', '12345热线', '12333热线', '网上投诉', '来访', '来信', '信访转办', '网络舆情', '督查交办', '其他')),
    external_id           text,
    received_at           bigint NOT NULL,
    province              text NOT NULL CHECK (length(province) = 6),
    region_code           text NOT NULL,
    dept                  text CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    first_region_code     text NOT NULL,
    complainant           text NOT NULL,
    complainant_id_enc    bytea,
    complainant_id_hash   bytea,
    complainant_id_masked text,
    phone_enc             bytea NOT NULL,
    phone_hash            bytea NOT NULL,
    phone_masked          text NOT NULL,
    respondent            text NOT NULL,
    respondent_uscc       text,
    respondent_id         bigint REFERENCES enterprises (id),
    project_id            bigint REFERENCES projects (id),
    project_code          text,
    project_name          text,
    nature                text NOT NULL CHECK (nature IN ('工资', '工程款', '混合', '待核实')),
    people                integer NOT NULL CHECK (people >= 0),
    amount_fen            bigint NOT NULL CHECK (amount_fen >= 0),
    period_from           text CHECK (period_from ~ '^[0-9]{4}-[01][0-9]$'),
    period_to             text CHECK (period_to ~ '^[0-9]{4}-[01][0-9]$'),
    description           text NOT NULL,
    status                text NOT NULL DEFAULT '待受理' CHECK (status IN ('待受理', '已受理', '不予受理', '转办', '核查中', '查实', '不属实', '工程款纠纷', '办结', '已回访')),
    accept_by             text NOT NULL CHECK (accept_by ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    accepted_on           text CHECK (accepted_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    close_by              text CHECK (close_by ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    closed_on             text CHECK (closed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    transfer_region_code  text,
    transfer_dept         text CHECK (transfer_dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    reason                text,
    result                text,
    satisfaction          text CHECK (satisfaction IN ('满意', '基本满意', '不满意')),
    reopened              integer NOT NULL DEFAULT 0 CHECK (reopened IN (0, 1)),
    linked_to             bigint REFERENCES clues (id),
    case_id               bigint REFERENCES cases (id),
    created_at            bigint NOT NULL,
    updated_at            bigint NOT NULL,
    UNIQUE (channel, external_id)
);
CREATE INDEX clues_region ON clues (region_code, status);
CREATE INDEX clues_province ON clues (province, received_at);
CREATE INDEX clues_project ON clues (project_id, received_at);
CREATE INDEX clues_respondent ON clues (respondent, received_at);
CREATE INDEX clues_phone ON clues (phone_hash, received_at);
CREATE INDEX clues_complainant_id ON clues (complainant_id_hash);
CREATE INDEX clues_case ON clues (case_id);

CREATE TABLE clue_handlers (
    clue_id bigint NOT NULL REFERENCES clues (id),
    user_id bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (clue_id, user_id)
);
CREATE INDEX clue_handlers_user ON clue_handlers (user_id);

CREATE TABLE clue_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    clue_id     bigint NOT NULL REFERENCES clues (id),
    at          integer NOT NULL,
    actor_id    bigint REFERENCES users (id),
    action      text NOT NULL,
    from_status text,
    to_status   text,
    note        text NOT NULL DEFAULT '',
    detail      text
);
CREATE INDEX clue_events_clue ON clue_events (clue_id, at);

-- ---------------------------------------------------------------- deposits, fund, settlements

CREATE TABLE deposits (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint NOT NULL REFERENCES projects (id),
    contractor_id    bigint NOT NULL REFERENCES enterprises (id),
    province         text NOT NULL CHECK (length(province) = 6),
    form             text NOT NULL CHECK (form IN ('现金', '银行保函', '担保公司保函', '保证保险')),
    amount_fen       bigint NOT NULL CHECK (amount_fen >= 0),
    deposited_on     text NOT NULL CHECK (deposited_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    expires_on       text CHECK (expires_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    status           text NOT NULL DEFAULT '有效' CHECK (status IN ('有效', '退还公示', '已退还')),
    return_notice_on text CHECK (return_notice_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    returned_on      text CHECK (returned_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at       bigint NOT NULL,
    updated_at       bigint NOT NULL,
    UNIQUE (project_id, form, deposited_on),
    CHECK (form = '现金' OR expires_on IS NOT NULL)
);
CREATE INDEX deposits_contractor ON deposits (contractor_id);

CREATE TABLE deposit_events (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deposit_id bigint NOT NULL REFERENCES deposits (id),
    kind       text NOT NULL CHECK (kind IN ('动用', '补足', '退还')),
    amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
    on_date    text NOT NULL CHECK (on_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    case_id    bigint REFERENCES cases (id),
    note       text NOT NULL DEFAULT '',
    created_at bigint NOT NULL,
    created_by integer REFERENCES users (id)
);
CREATE INDEX deposit_events_deposit ON deposit_events (deposit_id, on_date);

CREATE TABLE fund_accounts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL UNIQUE,
    province    text NOT NULL CHECK (length(province) = 6),
    balance_fen bigint NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
    updated_at  bigint NOT NULL
);

CREATE TABLE fund_advances (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fund_id       bigint NOT NULL REFERENCES fund_accounts (id),
    case_id       bigint NOT NULL REFERENCES cases (id),
    debtor_id     bigint REFERENCES enterprises (id),
    amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
    recovered_fen bigint NOT NULL DEFAULT 0 CHECK (recovered_fen >= 0),
    advanced_on   text NOT NULL CHECK (advanced_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    status        text NOT NULL DEFAULT '待追回' CHECK (status IN ('待追回', '部分追回', '已追回', '核销')),
    created_at    bigint NOT NULL,
    CHECK (recovered_fen <= amount_fen)
);
CREATE INDEX fund_advances_case ON fund_advances (case_id);
CREATE INDEX fund_advances_debtor ON fund_advances (debtor_id);

CREATE TABLE fund_movements (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    fund_id    bigint NOT NULL REFERENCES fund_accounts (id),
    kind       text NOT NULL CHECK (kind IN ('注资', '垫付', '追回', '调整')),
    amount_fen bigint NOT NULL,
    on_date    text NOT NULL CHECK (on_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    advance_id bigint REFERENCES fund_advances (id),
    note       text NOT NULL DEFAULT '',
    created_at bigint NOT NULL,
    created_by integer REFERENCES users (id)
);
CREATE INDEX fund_movements_fund ON fund_movements (fund_id, on_date);

CREATE TABLE settlements (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         bigint NOT NULL REFERENCES cases (id),
    province        text NOT NULL CHECK (length(province) = 6),
    payer_role      text NOT NULL CHECK (payer_role IN ('用人单位', '总包先行清偿', '建设单位垫付', '保证金', '应急周转金', '其他')),
    payer_id        bigint REFERENCES enterprises (id),
    worker_id       bigint REFERENCES workers (id),
    amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
    paid_on         text NOT NULL CHECK (paid_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    fund_advance_id bigint REFERENCES fund_advances (id),
    deposit_event_id bigint REFERENCES deposit_events (id),
    note            text NOT NULL DEFAULT '',
    created_at      bigint NOT NULL,
    created_by      integer REFERENCES users (id)
);
CREATE INDEX settlements_case ON settlements (case_id);
CREATE INDEX settlements_province ON settlements (province, paid_on);

-- ---------------------------------------------------------------- credit

CREATE TABLE blacklist (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint REFERENCES enterprises (id),
    uscc          text NOT NULL,
    name          text NOT NULL,
    list          text NOT NULL CHECK (list IN ('失信联合惩戒', '重点关注')),
    source        text NOT NULL CHECK (source IN ('本地', '导入')),
    status        text NOT NULL CHECK (status IN ('拟列入', '已告知', '已列入', '不予列入', '已移出')),
    region_code   text,
    case_id       bigint REFERENCES cases (id),
    proposed_on   text CHECK (proposed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    noticed_on    text CHECK (noticed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    decided_on    text CHECK (decided_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    decided_by    text,
    expires_on    text CHECK (expires_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    reason        text NOT NULL,
    removed_on    text CHECK (removed_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    removal_kind  text CHECK (removal_kind IN ('届满', '信用修复', '撤销')),
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL,
    UNIQUE (uscc, list, decided_on)
);
CREATE INDEX blacklist_name ON blacklist (name);
CREATE INDEX blacklist_status ON blacklist (status, list);
CREATE INDEX blacklist_enterprise ON blacklist (enterprise_id);

CREATE TABLE blacklist_persons (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id  bigint NOT NULL REFERENCES blacklist (id),
    name      text NOT NULL,
    role      text NOT NULL DEFAULT '',
    id_enc    bytea,
    id_hash   bytea,
    id_masked text
);
CREATE INDEX blacklist_persons_entry ON blacklist_persons (entry_id);

CREATE TABLE blacklist_events (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    entry_id bigint NOT NULL REFERENCES blacklist (id),
    at       integer NOT NULL,
    actor_id bigint REFERENCES users (id),
    action   text NOT NULL,
    note     text NOT NULL DEFAULT ''
);
CREATE INDEX blacklist_events_entry ON blacklist_events (entry_id, at);

-- ---------------------------------------------------------------- incidents, reports, follow-through

CREATE TABLE incidents (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    province      text NOT NULL CHECK (length(province) = 6),
    region_code   text NOT NULL,
    project_id    bigint REFERENCES projects (id),
    enterprise_id bigint REFERENCES enterprises (id),
    occurred_at   bigint NOT NULL,
    place         text NOT NULL,
    people        integer NOT NULL CHECK (people >= 0),
    amount_fen    bigint NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
    nature        text NOT NULL CHECK (nature IN ('工资', '工程款', '混合')),
    form          text NOT NULL CHECK (form IN ('聚集', '上访', '越级上访', '网络发帖', '极端行为')),
    status        text NOT NULL DEFAULT '处置中' CHECK (status IN ('处置中', '已平息', '已办结')),
    serious       integer NOT NULL DEFAULT 0 CHECK (serious IN (0, 1)),
    description   text NOT NULL,
    reported_by   integer REFERENCES users (id),
    created_at    bigint NOT NULL,
    updated_at    bigint NOT NULL
);
CREATE INDEX incidents_region ON incidents (region_code, occurred_at);
CREATE INDEX incidents_project ON incidents (project_id);

CREATE TABLE incident_followups (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id bigint NOT NULL REFERENCES incidents (id),
    at          integer NOT NULL,
    actor_id    bigint REFERENCES users (id),
    note        text NOT NULL
);
CREATE INDEX incident_followups_incident ON incident_followups (incident_id, at);

CREATE TABLE zero_reports (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL,
    province    text NOT NULL CHECK (length(province) = 6),
    report_date text NOT NULL CHECK (report_date ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    has_events  integer NOT NULL CHECK (has_events IN (0, 1)),
    note        text NOT NULL DEFAULT '',
    filed_at    bigint NOT NULL,
    filed_by    integer REFERENCES users (id),
    UNIQUE (region_code, report_date)
);
CREATE INDEX zero_reports_date ON zero_reports (report_date);

CREATE TABLE supervision_rounds (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL,
    province    text NOT NULL CHECK (length(province) = 6),
    title       text NOT NULL,
    started_on  text NOT NULL CHECK (started_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    ended_on    text CHECK (ended_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    created_at  bigint NOT NULL,
    created_by  integer REFERENCES users (id)
);
CREATE INDEX supervision_rounds_region ON supervision_rounds (region_code, started_on);

CREATE TABLE supervision_findings (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round_id     bigint NOT NULL REFERENCES supervision_rounds (id),
    region_code  text NOT NULL,
    case_id      bigint REFERENCES cases (id),
    finding      text NOT NULL,
    measure      text NOT NULL CHECK (measure IN ('提醒函', '约谈', '通报', '问责')),
    deadline_on  text CHECK (deadline_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    rectified_on text CHECK (rectified_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    followup     text NOT NULL DEFAULT '',
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL
);
CREATE INDEX supervision_findings_round ON supervision_findings (round_id);
CREATE INDEX supervision_findings_region ON supervision_findings (region_code);

CREATE TABLE duty_roster (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_code text NOT NULL,
    user_id     bigint NOT NULL REFERENCES users (id),
    starts_at   bigint NOT NULL,
    ends_at     bigint NOT NULL,
    UNIQUE (region_code, starts_at, user_id),
    CHECK (ends_at > starts_at)
);
CREATE INDEX duty_roster_user ON duty_roster (user_id);

CREATE TABLE followups (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type text NOT NULL CHECK (subject_type IN ('project', 'enterprise', 'clue', 'case', 'region')),
    subject_code text NOT NULL,
    province     text NOT NULL CHECK (length(province) = 6),
    region_code  text NOT NULL,
    officer_id   bigint NOT NULL REFERENCES users (id),
    plan         text NOT NULL,
    deadline_on  text NOT NULL CHECK (deadline_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    status       text NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中', '已完成')),
    feedback     text,
    feedback_at  bigint,
    created_at   bigint NOT NULL,
    updated_at   bigint NOT NULL
);
CREATE INDEX followups_subject ON followups (subject_type, subject_code);
CREATE INDEX followups_officer ON followups (officer_id, status);

CREATE TABLE rechecks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    enterprise_id bigint NOT NULL REFERENCES enterprises (id),
    case_id       bigint NOT NULL REFERENCES cases (id),
    province      text NOT NULL CHECK (length(province) = 6),
    due_on        text NOT NULL CHECK (due_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    done_on       text CHECK (done_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    result        text,
    checked_by    integer REFERENCES users (id),
    UNIQUE (case_id, due_on)
);
CREATE INDEX rechecks_due ON rechecks (province, due_on);

-- ---------------------------------------------------------------- warnings and the risk ledger

CREATE TABLE warnings (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rule           text NOT NULL CHECK (rule ~ '^W[0-9]{2}$'),
    level          text NOT NULL CHECK (level IN ('red', 'orange', 'yellow')),
    base_level     text NOT NULL CHECK (base_level IN ('red', 'orange', 'yellow')),
    subject_type   text NOT NULL CHECK (subject_type IN ('project', 'enterprise', 'clue', 'case', 'region')),
    subject_code   text NOT NULL,
    month          text NOT NULL DEFAULT '' CHECK (month = '' OR month ~ '^[0-9]{4}-[01][0-9]$'),
    province       text NOT NULL CHECK (length(province) = 6),
    region_code    text NOT NULL,
    dept           text CHECK (dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    project_id     bigint REFERENCES projects (id),
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'assigned', 'notified', 'replied', 'reviewed', 'resolved', 'dismissed')),
    first_seen     text NOT NULL CHECK (first_seen ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    last_seen      text NOT NULL CHECK (last_seen ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    message        text NOT NULL,
    basis          text NOT NULL,
    evidence       text,
    assigned_dept  text CHECK (assigned_dept IN ('hrss', 'housing', 'transport', 'water', 'agri', 'ndrc', 'finance', 'police', 'petition', 'cac', 'justice', 'market', 'tax', 'sasac')),
    assignee_id    bigint REFERENCES users (id),
    deadline_on    text CHECK (deadline_on ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    notified_at    bigint,
    reply          text,
    replied_at     bigint,
    reviewed_at    bigint,
    resolved_at    bigint,
    dismiss_reason text,
    reopen_count   integer NOT NULL DEFAULT 0,
    created_at     bigint NOT NULL,
    updated_at     bigint NOT NULL,
    UNIQUE (rule, subject_type, subject_code, month)
);
CREATE INDEX warnings_region ON warnings (region_code, status);
CREATE INDEX warnings_province ON warnings (province, status, level);
CREATE INDEX warnings_subject ON warnings (subject_type, subject_code);
CREATE INDEX warnings_project ON warnings (project_id);

CREATE TABLE warning_events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    warning_id  bigint NOT NULL REFERENCES warnings (id),
    at          integer NOT NULL,
    actor_id    bigint REFERENCES users (id),
    action      text NOT NULL,
    from_status text,
    to_status   text,
    note        text NOT NULL DEFAULT ''
);
CREATE INDEX warning_events_warning ON warning_events (warning_id, at);

CREATE TABLE risk_ledger (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type text NOT NULL CHECK (subject_type IN ('project', 'enterprise')),
    subject_code text NOT NULL,
    province     text NOT NULL CHECK (length(province) = 6),
    region_code  text NOT NULL,
    dept         text,
    funding      text,
    red          integer NOT NULL DEFAULT 0,
    orange       integer NOT NULL DEFAULT 0,
    yellow       integer NOT NULL DEFAULT 0,
    score        integer NOT NULL DEFAULT 0,
    class        text NOT NULL CHECK (class IN ('高', '中', '低')),
    predicted    integer CHECK (predicted BETWEEN 0 AND 100),
    updated_at   bigint NOT NULL,
    UNIQUE (subject_type, subject_code)
);
CREATE INDEX risk_ledger_region ON risk_ledger (region_code, score);

CREATE TABLE scan_runs (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    as_of       text NOT NULL CHECK (as_of ~ '^[0-9]{4}-[01][0-9]-[0-3][0-9]$'),
    incremental integer NOT NULL CHECK (incremental IN (0, 1)),
    started_at  bigint NOT NULL,
    finished_at bigint,
    found       integer NOT NULL DEFAULT 0,
    opened      integer NOT NULL DEFAULT 0,
    resolved    integer NOT NULL DEFAULT 0,
    counts      text
);

-- ---------------------------------------------------------------- access and accountability

CREATE TABLE sessions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash   bytea NOT NULL UNIQUE,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_hash    bytea NOT NULL,
    created_at   bigint NOT NULL,
    expires_at   bigint NOT NULL,
    last_seen_at bigint NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    token_hash    bytea NOT NULL UNIQUE,
    role          text NOT NULL CHECK (role IN ('enterprise', 'bank')),
    subject       text NOT NULL,
    enterprise_id bigint REFERENCES enterprises (id),
    label         text NOT NULL DEFAULT '',
    created_at    bigint NOT NULL,
    created_by    integer REFERENCES users (id),
    last_used_at  bigint,
    revoked_at    bigint
);
CREATE INDEX api_tokens_subject ON api_tokens (role, subject);

CREATE TABLE rate_limits (
    bucket       text NOT NULL PRIMARY KEY,
    window_started_at bigint NOT NULL,
    hits         integer NOT NULL
);

CREATE TABLE notifications (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id),
    kind         text NOT NULL,
    subject_type text,
    subject_code text,
    message      text NOT NULL,
    created_at   bigint NOT NULL,
    read_at      bigint
);
CREATE INDEX notifications_user ON notifications (user_id, read_at);

-- Append-only and hash-chained: hash = H(prev_hash || the record); seq has no gaps (the
-- writer assigns last + 1 inside its transaction).  UPDATE and DELETE are refused.
CREATE TABLE audit_log (
    seq         bigint PRIMARY KEY,
    at          integer NOT NULL,
    province    text NOT NULL CHECK (length(province) = 6),
    actor       text NOT NULL,
    action      text NOT NULL,
    entity      text NOT NULL,
    entity_id   text,
    before_json text,
    after_json  text,
    prev_hash   bytea NOT NULL,
    hash        bytea NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '审计日志只能追加，不能修改或删除';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- ---------------------------------------------------------------- imports

CREATE TABLE import_jobs (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('enterprises', 'projects', 'subcontracts', 'accounts', 'deposits', 'employment', 'attendance', 'payroll', 'txns', 'disbursements', 'payments', 'cases', 'blacklist', 'clues')),
    status        text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    source        text NOT NULL CHECK (source IN ('cli', 'api', 'ui')),
    actor         text NOT NULL,
    file_name     text NOT NULL DEFAULT '',
    strict        integer NOT NULL DEFAULT 0 CHECK (strict IN (0, 1)),
    dry_run       integer NOT NULL DEFAULT 0 CHECK (dry_run IN (0, 1)),
    bytes_total   bigint,
    bytes_done    bigint NOT NULL DEFAULT 0,
    progress      integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    rows_total    integer NOT NULL DEFAULT 0,
    rows_new      integer NOT NULL DEFAULT 0,
    rows_updated  integer NOT NULL DEFAULT 0,
    rows_rejected integer NOT NULL DEFAULT 0,
    message       text,
    created_at    bigint NOT NULL,
    started_at    bigint,
    finished_at   bigint
);
CREATE INDEX import_jobs_status ON import_jobs (status, created_at);

CREATE TABLE import_errors (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id bigint NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    line   integer NOT NULL,
    col    text NOT NULL DEFAULT '',
    value  text NOT NULL DEFAULT '',
    reason text NOT NULL
);
CREATE INDEX import_errors_job ON import_errors (job_id, line);
