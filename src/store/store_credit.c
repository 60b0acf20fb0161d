/*
 * store_credit.c - the statements of the credit and follow-through records
 * (see store_credit.h): one table of SQL texts with their column
 * descriptions, run through the query runner of store_query.c.
 *
 * Scoped reads bound the region code by $1..$2.  Blacklist entries imported
 * from lists decided elsewhere carry no region: every staff scope sees them,
 * as they are public anyway.
 */
#include "store/store_credit.h"

#include "store/store_query_int.h"

#define C(n, t) \
    {           \
        n, t    \
    }

/* ---------------------------------------------------------------- blacklist */

#define BL_COLS                                                                                 \
    "b.id, b.uscc, b.name, b.list, b.source, b.status, b.region_code, c.case_no, "              \
    "b.incident_id, b.proposed_on, b.noticed_on, b.defense_until, b.defense_note, "             \
    "b.decided_on, b.decided_by, b.expires_on, b.reason, b.corrected_on, b.repair_applied_on, " \
    "b.pledge, b.removed_on, b.removal_kind, b.updated_at "
#define BL_FROM  "FROM blacklist b LEFT JOIN cases c ON c.id = b.case_id "
#define BL_SCOPE "(b.region_code IS NULL OR b.region_code BETWEEN $1 AND $2) "

static const struct sq_col bl_cols[] = {
    C("id", SQ_INT),
    C("uscc", SQ_TEXT),
    C("name", SQ_TEXT),
    C("list", SQ_TEXT),
    C("source", SQ_TEXT),
    C("status", SQ_TEXT),
    C("region_code", SQ_REGION),
    C("case_no", SQ_TEXT),
    C("incident_id", SQ_INT),
    C("proposed_on", SQ_TEXT),
    C("noticed_on", SQ_TEXT),
    C("defense_until", SQ_TEXT),
    C("defense_note", SQ_TEXT),
    C("decided_on", SQ_TEXT),
    C("decided_by", SQ_TEXT),
    C("expires_on", SQ_TEXT),
    C("reason", SQ_TEXT),
    C("corrected_on", SQ_TEXT),
    C("repair_applied_on", SQ_TEXT),
    C("pledge", SQ_TEXT),
    C("removed_on", SQ_TEXT),
    C("removal_kind", SQ_TEXT),
    C("updated_at", SQ_TS),
};

static const char SQL_BL_LIST[] =
    "SELECT " BL_COLS BL_FROM "WHERE " BL_SCOPE "AND ($3 = '' OR b.status = $3) AND "
    "($4 = '' OR b.list = $4) AND ($5 = '' OR b.name LIKE $5 ESCAPE '\\' OR b.uscc = $5) AND "
    "b.id > $6 ORDER BY b.id LIMIT $7";
static const char SQL_BL_GET[] = "SELECT " BL_COLS BL_FROM "WHERE " BL_SCOPE "AND b.id = $3";

static const struct sq_col person_cols[] = {
    C("name", SQ_TEXT),
    C("role", SQ_TEXT),
    C("id_masked", SQ_TEXT),
};
static const char SQL_BL_PERSONS[] =
    "SELECT name, role, id_masked FROM blacklist_persons WHERE entry_id = $1 ORDER BY id";

static const struct sq_col event_cols[] = {
    C("at", SQ_TS),
    C("actor", SQ_TEXT),
    C("action", SQ_TEXT),
    C("note", SQ_TEXT),
};
static const char SQL_BL_EVENTS[] =
    "SELECT e.at, coalesce(u.username, 'system'), e.action, e.note FROM blacklist_events e "
    "LEFT JOIN users u ON u.id = e.actor_id WHERE e.entry_id = $1 ORDER BY e.at, e.id";

/* What 失信办法 publishes: the unit, the facts, the deciding authority and
 * the term; persons by name and role only. */
static const struct sq_col pub_cols[] = {
    C("id", SQ_HIDDEN),       C("uscc", SQ_TEXT),       C("name", SQ_TEXT),
    C("list", SQ_TEXT),       C("reason", SQ_TEXT),     C("decided_on", SQ_TEXT),
    C("decided_by", SQ_TEXT), C("expires_on", SQ_TEXT),
};
static const char SQL_BL_PUBLIC[] =
    "SELECT b.id, b.uscc, b.name, b.list, b.reason, b.decided_on, b.decided_by, b.expires_on "
    "FROM blacklist b WHERE b.list = '失信联合惩戒' AND b.status = '已列入' AND "
    "(b.uscc = $1 OR b.name LIKE $2 ESCAPE '\\') AND (b.decided_on IS NULL OR b.decided_on <= $3) "
    "AND (b.expires_on IS NULL OR b.expires_on > $3) ORDER BY b.name, b.id LIMIT 50";
static const struct sq_col pub_person_cols[] = {
    C("name", SQ_TEXT),
    C("role", SQ_TEXT),
};
static const char SQL_BL_PUB_PERS[] =
    "SELECT name, role FROM blacklist_persons WHERE entry_id = $1 ORDER BY id";

static const struct sq_col id_cols[] = { C("id", SQ_INT) };
static const char SQL_BL_INSERT[] =
    "INSERT INTO blacklist (enterprise_id, uscc, name, list, source, status, region_code, "
    "case_id, incident_id, proposed_on, reason, created_at, updated_at) VALUES ($1, $2, $3, $4, "
    "'本地', '拟列入', $5, $6, $7, $8, $9, $10, $10) RETURNING id";
static const char SQL_BL_PERSON[] =
    "INSERT INTO blacklist_persons (entry_id, name, role, id_enc, id_hash, id_masked) "
    "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
static const char SQL_BL_EVENT[] =
    "INSERT INTO blacklist_events (entry_id, at, actor_id, action, note) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char SQL_BL_NOTICE[] =
    "UPDATE blacklist SET status = '已告知', noticed_on = $2, defense_until = $3, updated_at = $4 "
    "WHERE id = $1 AND status = '拟列入' RETURNING id";
static const char SQL_BL_DEFENSE[] =
    "UPDATE blacklist SET defense_note = $2, updated_at = $3 WHERE id = $1 AND status = '已告知' "
    "RETURNING id";
static const char SQL_BL_DECIDE[] =
    "UPDATE blacklist SET status = '已列入', decided_on = $2, decided_by = $3, expires_on = $4, "
    "updated_at = $5 WHERE id = $1 AND status = '已告知' RETURNING id";
static const char SQL_BL_REJECT[] =
    "UPDATE blacklist SET status = '不予列入', decided_on = $2, decided_by = $3, updated_at = $4 "
    "WHERE id = $1 AND status IN ('拟列入', '已告知') RETURNING id";
static const char SQL_BL_REPAIR[] =
    "UPDATE blacklist SET corrected_on = $2, repair_applied_on = $3, pledge = $4, updated_at = $5 "
    "WHERE id = $1 AND status = '已列入' RETURNING id";
static const char SQL_BL_REMOVE[] =
    "UPDATE blacklist SET status = '已移出', removed_on = $2, removal_kind = $3, updated_at = $4 "
    "WHERE id = $1 AND status = '已列入' RETURNING id";
static const struct sq_col expire_cols[] = {
    C("id", SQ_INT),
    C("uscc", SQ_TEXT),
    C("name", SQ_TEXT),
    C("expires_on", SQ_TEXT),
};
static const char SQL_BL_EXPIRE[] =
    "UPDATE blacklist SET status = '已移出', removed_on = expires_on, removal_kind = '届满', "
    "updated_at = $2 WHERE status = '已列入' AND expires_on IS NOT NULL AND expires_on <= $1 "
    "RETURNING id, uscc, name, expires_on";
static const char SQL_BL_OPEN_FOR[] =
    "SELECT id FROM blacklist WHERE uscc = $1 AND list = $2 AND status IN ('拟列入', '已告知', "
    "'已列入') LIMIT 1";

/* The orders of 条例 48 (责令限期支付): a 责令支付通知, or a 限期整改指令书 that
 * orders payment; unpaid is what the case owes less its settlements. */
static const struct sq_col order_cols[] = {
    C("case_id", SQ_INT),  C("case_no", SQ_TEXT), C("region_code", SQ_REGION),
    C("kind", SQ_TEXT),    C("doc_no", SQ_TEXT),  C("deadline_on", SQ_TEXT),
    C("unpaid", SQ_MONEY), C("people", SQ_INT),
};
static const char SQL_EL_ORDERS[] =
    "SELECT c.id, c.case_no, c.region_code, d.kind, d.doc_no, d.deadline_on, "
    "c.amount_fen - coalesce((SELECT sum(s.amount_fen) FROM settlements s WHERE s.case_id = "
    "c.id), 0), c.people FROM case_documents d JOIN cases c ON c.id = d.case_id "
    "JOIN enterprises e ON e.id = $1 WHERE (c.debtor_id = e.id OR c.debtor_uscc = e.uscc) AND "
    "d.kind IN ('责令支付通知', '限期整改指令书') AND d.deadline_on IS NOT NULL AND "
    "d.deadline_on < $2 AND d.complied_on IS NULL AND c.region_code BETWEEN $3 AND $4 "
    "ORDER BY d.deadline_on, d.id";
static const struct sq_col incident_ref_cols[] = {
    C("id", SQ_INT),
    C("serious", SQ_BOOL),
    C("people", SQ_INT),
};
static const char SQL_EL_INCIDENT[] =
    "SELECT i.id, i.serious, i.people FROM incidents i WHERE i.id = $2 AND (i.enterprise_id = $1 "
    "OR i.project_id IN (SELECT p.id FROM projects p WHERE p.contractor_id = $1 OR "
    "p.builder_id = $1))";
static const struct sq_col ent_cols[] = {
    C("id", SQ_INT),
    C("name", SQ_TEXT),
    C("region_code", SQ_TEXT),
    C("legal_rep", SQ_TEXT),
};
static const char SQL_ENT_BY_USCC[] =
    "SELECT id, name, region_code, legal_rep FROM enterprises WHERE uscc = $1";
static const struct sq_col pj_cols[] = {
    C("id", SQ_INT),
    C("region_code", SQ_TEXT),
    C("contractor_id", SQ_INT),
};
static const char SQL_PJ_BY_CODE[] =
    "SELECT id, region_code, coalesce(contractor_id, 0) FROM projects WHERE region_code BETWEEN "
    "$1 AND $2 AND code = $3";

static const struct sq_col case_ref_cols[] = {
    C("id", SQ_INT),
    C("region_code", SQ_TEXT),
};
static const char SQL_CASE_BY_NO[] = "SELECT id, region_code FROM cases WHERE case_no = $1";

/* ---------------------------------------------------------------- ratings */

#define DEBTOR "(c.debtor_id = e.id OR c.debtor_uscc = e.uscc)"
static const struct sq_col facts_cols[] = {
    C("id", SQ_INT),      C("uscc", SQ_TEXT),     C("name", SQ_TEXT),
    C("region", SQ_TEXT), C("cases", SQ_INT),     C("ignored_orders", SQ_INT),
    C("police", SQ_INT),  C("penalties", SQ_INT), C("incidents", SQ_INT),
    C("mass", SQ_INT),
};
static const char SQL_RT_FACTS[] =
    "SELECT e.id, e.uscc, e.name, e.region_code, "
    "(SELECT count(*) FROM cases c WHERE " DEBTOR " AND c.verified = 1 AND c.filed_on BETWEEN $3 "
    "AND $4), "
    "(SELECT count(*) FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE " DEBTOR
    " AND d.kind IN ('责令支付通知', '限期整改指令书') AND d.deadline_on BETWEEN $3 AND $4 AND "
    "d.deadline_on < $10 AND (d.complied_on IS NULL OR d.complied_on > d.deadline_on)), "
    "(SELECT count(*) FROM cases c WHERE " DEBTOR " AND (c.police_on BETWEEN $3 AND $4 OR "
    "(c.close_kind = '移送公安' AND c.closed_on BETWEEN $3 AND $4))), "
    "(SELECT count(*) FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE " DEBTOR
    " AND d.kind = '行政处罚决定书' AND d.issued_on BETWEEN $3 AND $4), "
    "(SELECT count(*) FROM incidents i WHERE i.enterprise_id = e.id AND i.occurred_at BETWEEN $5 "
    "AND $6), "
    "(SELECT count(*) FROM incidents i WHERE i.enterprise_id = e.id AND i.occurred_at BETWEEN $5 "
    "AND $6 AND (i.serious = 1 OR i.people >= $7)) "
    "FROM enterprises e WHERE e.region_code BETWEEN $1 AND $2 AND e.id > $8 ORDER BY e.id "
    "LIMIT $9";
static const char SQL_RT_UPSERT[] =
    "INSERT INTO enterprise_ratings (enterprise_id, year, grade, reasons, computed_at) VALUES "
    "($1, $2, $3, $4, $5) ON CONFLICT (enterprise_id, year) DO UPDATE SET grade = excluded.grade, "
    "reasons = excluded.reasons, computed_at = excluded.computed_at RETURNING id";
static const struct sq_col rating_cols[] = {
    C("uscc", SQ_TEXT),  C("name", SQ_TEXT),    C("region_code", SQ_REGION), C("year", SQ_INT),
    C("grade", SQ_TEXT), C("reasons", SQ_TEXT), C("computed_at", SQ_TS),
};
static const char SQL_RT_LIST[] =
    "SELECT e.uscc, e.name, e.region_code, r.year, r.grade, r.reasons, r.computed_at FROM "
    "enterprise_ratings r JOIN enterprises e ON e.id = r.enterprise_id WHERE e.region_code "
    "BETWEEN $1 AND $2 AND r.year = $3 AND ($4 = '' OR r.grade = $4) AND e.uscc > $5 "
    "ORDER BY e.uscc LIMIT $6";

/* ---------------------------------------------------------------- incidents */

#define IN_COLS                                                                                \
    "i.id, i.region_code, p.code, e.uscc, e.name, i.occurred_at, i.place, i.people, "          \
    "i.amount_fen, i.nature, i.form, i.status, i.serious, i.description, u.username, "         \
    "i.created_at, i.updated_at FROM incidents i LEFT JOIN projects p ON p.id = i.project_id " \
    "LEFT JOIN enterprises e ON e.id = i.enterprise_id LEFT JOIN users u ON u.id = "           \
    "i.reported_by "
static const struct sq_col in_cols[] = {
    C("id", SQ_INT),
    C("region_code", SQ_REGION),
    C("project_code", SQ_TEXT),
    C("enterprise_uscc", SQ_TEXT),
    C("enterprise_name", SQ_TEXT),
    C("occurred_at", SQ_TS),
    C("place", SQ_TEXT),
    C("people", SQ_INT),
    C("amount", SQ_MONEY),
    C("nature", SQ_TEXT),
    C("form", SQ_TEXT),
    C("status", SQ_TEXT),
    C("serious", SQ_BOOL),
    C("description", SQ_TEXT),
    C("reported_by", SQ_TEXT),
    C("created_at", SQ_TS),
    C("updated_at", SQ_TS),
};
static const char SQL_IN_INSERT[] =
    "INSERT INTO incidents (province, region_code, project_id, enterprise_id, occurred_at, place, "
    "people, amount_fen, nature, form, serious, description, reported_by, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id";
static const char SQL_IN_LIST[] =
    "SELECT " IN_COLS "WHERE i.region_code BETWEEN $1 AND $2 AND ($3 = '' OR i.status = $3) AND "
    "i.occurred_at BETWEEN $4 AND $5 AND (CAST($6 AS BIGINT) = 0 OR i.id < $6) "
    "ORDER BY i.id DESC LIMIT $7";
static const char SQL_IN_GET[] =
    "SELECT " IN_COLS "WHERE i.region_code BETWEEN $1 AND $2 AND i.id = $3";
static const char SQL_IN_FOLLOW[] =
    "INSERT INTO incident_followups (incident_id, at, actor_id, note) VALUES ($1, $2, $3, $4) "
    "RETURNING id";
static const struct sq_col follow_cols[] = {
    C("at", SQ_TS),
    C("actor", SQ_TEXT),
    C("note", SQ_TEXT),
};
static const char SQL_IN_FOLLOWS[] =
    "SELECT f.at, coalesce(u.username, 'system'), f.note FROM incident_followups f LEFT JOIN "
    "users u ON u.id = f.actor_id WHERE f.incident_id = $1 ORDER BY f.at, f.id";
static const char SQL_IN_STATUS[] =
    "UPDATE incidents SET status = $2, serious = CASE WHEN CAST($3 AS BIGINT) < 0 THEN serious "
    "ELSE $3 END, updated_at = $4 WHERE id = $1 RETURNING id";

/* ---------------------------------------------------------------- zero reports */

static const char SQL_ZR_FILE[] =
    "INSERT INTO zero_reports (region_code, province, report_date, has_events, note, filed_at, "
    "filed_by) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (region_code, report_date) DO "
    "UPDATE SET has_events = excluded.has_events, note = excluded.note RETURNING id";
static const struct sq_col zr_cols[] = {
    C("region_code", SQ_REGION), C("report_date", SQ_TEXT), C("has_events", SQ_BOOL),
    C("note", SQ_TEXT),          C("filed_at", SQ_TS),      C("filed_by", SQ_TEXT),
};
static const char SQL_ZR_LIST[] =
    "SELECT z.region_code, z.report_date, z.has_events, z.note, z.filed_at, u.username FROM "
    "zero_reports z LEFT JOIN users u ON u.id = z.filed_by WHERE z.region_code BETWEEN $1 AND $2 "
    "AND z.report_date BETWEEN $3 AND $4 ORDER BY z.report_date, z.region_code";
static const struct sq_col zr_filed_cols[] = {
    C("region_code", SQ_TEXT),
    C("filed_at", SQ_INT),
};
static const char SQL_ZR_FILED[] =
    "SELECT region_code, filed_at FROM zero_reports WHERE region_code BETWEEN $1 AND $2 AND "
    "report_date = $3";

/* ---------------------------------------------------------------- supervision */

static const char SQL_SV_ROUND[] =
    "INSERT INTO supervision_rounds (region_code, province, title, team, targets, started_on, "
    "ended_on, created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const struct sq_col round_cols[] = {
    C("id", SQ_INT),        C("region_code", SQ_REGION), C("title", SQ_TEXT),
    C("team", SQ_TEXT),     C("targets", SQ_TEXT),       C("started_on", SQ_TEXT),
    C("ended_on", SQ_TEXT), C("findings", SQ_INT),       C("created_at", SQ_TS),
};
/* The rounds of the caller's regions, and those of higher regions with a
 * finding against one of them (counting only the findings the caller sees). */
static const char SQL_SV_ROUNDS[] =
    "SELECT r.id, r.region_code, r.title, r.team, r.targets, r.started_on, r.ended_on, "
    "(SELECT count(*) FROM supervision_findings f WHERE f.round_id = r.id AND (r.region_code "
    "BETWEEN $1 AND $2 OR f.region_code BETWEEN $1 AND $2)), r.created_at FROM "
    "supervision_rounds r WHERE r.region_code BETWEEN $1 AND $2 OR EXISTS (SELECT 1 FROM "
    "supervision_findings x WHERE x.round_id = r.id AND x.region_code BETWEEN $1 AND $2) "
    "ORDER BY r.started_on DESC, r.id";
static const struct sq_col round_ref_cols[] = { C("region_code", SQ_TEXT) };
static const char SQL_SV_ROUND_GET[] =
    "SELECT region_code FROM supervision_rounds WHERE region_code BETWEEN $1 AND $2 AND id = $3";
static const char SQL_SV_FINDING[] =
    "INSERT INTO supervision_findings (round_id, region_code, case_id, finding, measure, target, "
    "measure_on, deadline_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$9) RETURNING id";
/* A finding is visible to the round's region and to the region it targets. */
static const struct sq_col finding_cols[] = {
    C("id", SQ_INT),
    C("round_id", SQ_INT),
    C("region_code", SQ_REGION),
    C("case_no", SQ_TEXT),
    C("finding", SQ_TEXT),
    C("measure", SQ_TEXT),
    C("target", SQ_TEXT),
    C("measure_on", SQ_TEXT),
    C("deadline_on", SQ_TEXT),
    C("rectified_on", SQ_TEXT),
    C("followup", SQ_TEXT),
    C("overdue", SQ_BOOL),
};
static const char SQL_SV_FINDINGS[] =
    "SELECT f.id, f.round_id, f.region_code, c.case_no, f.finding, f.measure, f.target, "
    "f.measure_on, f.deadline_on, f.rectified_on, f.followup, CASE WHEN f.rectified_on IS NULL "
    "AND f.deadline_on < $4 THEN 1 ELSE 0 END FROM supervision_findings f JOIN supervision_rounds "
    "r ON r.id = f.round_id LEFT JOIN cases c ON c.id = f.case_id WHERE (f.region_code BETWEEN "
    "$1 AND $2 OR r.region_code BETWEEN $1 AND $2) AND (CAST($3 AS BIGINT) = 0 OR f.round_id = "
    "$3) ORDER BY f.round_id, f.id";
static const char SQL_SV_FOLLOW[] =
    "UPDATE supervision_findings SET followup = $4, rectified_on = coalesce($5, rectified_on), "
    "updated_at = $6 WHERE id = $3 AND (region_code BETWEEN $1 AND $2 OR round_id IN (SELECT "
    "r.id FROM supervision_rounds r WHERE r.region_code BETWEEN $1 AND $2)) RETURNING id";
static const struct sq_col stalled_cols[] = {
    C("id", SQ_HIDDEN),        C("case_no", SQ_TEXT),  C("region_code", SQ_REGION),
    C("debtor_name", SQ_TEXT), C("filed_on", SQ_TEXT), C("deadline_on", SQ_TEXT),
    C("people", SQ_INT),       C("amount", SQ_MONEY),  C("supervision_level", SQ_TEXT),
};
static const char SQL_SV_STALLED[] =
    "SELECT id, case_no, region_code, debtor_name, filed_on, deadline_on, people, amount_fen, "
    "supervision_level FROM cases WHERE region_code BETWEEN $1 AND $2 AND status = '办理中' AND "
    "deadline_on IS NOT NULL AND deadline_on <= $3 ORDER BY deadline_on, id";

/* ---------------------------------------------------------------- notifications */

static const char SQL_NT_ADD[] =
    "INSERT INTO notifications (user_id, kind, subject_type, subject_code, message, created_at, "
    "once_key) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, once_key) DO NOTHING "
    "RETURNING id";
static const struct sq_col nt_cols[] = {
    C("id", SQ_INT),
    C("kind", SQ_TEXT),
    C("subject_type", SQ_TEXT),
    C("subject_code", SQ_TEXT),
    C("message", SQ_TEXT),
    C("created_at", SQ_TS),
    C("read_at", SQ_TS),
};
static const char SQL_NT_LIST[] =
    "SELECT id, kind, subject_type, subject_code, message, created_at, read_at FROM notifications "
    "WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR read_at IS NULL) AND (CAST($3 AS BIGINT) "
    "= 0 OR id < $3) ORDER BY id DESC LIMIT $4";
static const char SQL_NT_READ[] =
    "UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND (CAST($2 AS BIGINT) = 0 OR id "
    "= $2) AND read_at IS NULL RETURNING id";
static const struct sq_col user_cols[] = { C("id", SQ_INT), C("username", SQ_TEXT) };
static const char SQL_NT_REGION[] =
    "SELECT id, username FROM users WHERE disabled = 0 AND region_code = $1 AND ($2 = '' OR "
    "role = $2) ORDER BY id";
/* A department's own users of a region: a notice for one department must
 * not reach the officers of another (their scope differs). */
static const char SQL_NT_REGION_DEPT[] =
    "SELECT id, username FROM users WHERE disabled = 0 AND region_code = $1 AND role = $2 AND "
    "dept = $3 ORDER BY id";
/* Staff of the region and of every region above it: codes are prefixes once
 * their trailing zero pairs are cut (330282 lies under 330200 and 330000). */
static const char SQL_NT_UP_CHAIN[] =
    "SELECT id, username FROM users WHERE disabled = 0 AND role IN ('admin', 'leader', "
    "'inspector') AND (region_code = $1 OR region_code = substr($1, 1, 4) || '00' OR "
    "region_code = substr($1, 1, 2) || '0000' OR region_code = substr($1, 1, 6)) ORDER BY id";
static const struct sq_col due_cols[] = {
    C("subject_type", SQ_TEXT), C("subject_code", SQ_TEXT), C("region_code", SQ_TEXT),
    C("user_id", SQ_INT),       C("what", SQ_TEXT),         C("deadline_on", SQ_TEXT),
};
static const char SQL_NT_DUE_DOCS[] =
    "SELECT 'case', c.case_no, c.region_code, coalesce(c.leader_id, 0), d.kind || ' ' || "
    "d.doc_no, d.deadline_on FROM case_documents d JOIN cases c ON c.id = d.case_id WHERE "
    "d.complied_on IS NULL AND c.status = '办理中' AND d.deadline_on BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'case', c.case_no, c.region_code, coalesce(c.leader_id, 0), '限时办结', "
    "c.deadline_on FROM cases c WHERE c.status = '办理中' AND c.deadline_on BETWEEN $1 AND $2 "
    "UNION ALL SELECT 'warning', CAST(w.id AS TEXT), w.region_code, coalesce(w.assignee_id, 0), "
    "w.rule, w.deadline_on FROM warnings w WHERE w.status IN ('assigned', 'notified') AND "
    "w.deadline_on BETWEEN $1 AND $2 UNION ALL SELECT 'supervision', CAST(f.id AS TEXT), "
    "f.region_code, 0, f.measure, f.deadline_on FROM supervision_findings f WHERE "
    "f.rectified_on IS NULL AND f.deadline_on BETWEEN $1 AND $2";

/* ---------------------------------------------------------------- demo data */

static const struct sq_col demo_case_cols[] = {
    C("id", SQ_INT),
    C("case_no", SQ_TEXT),
    C("uscc", SQ_TEXT),
    C("legal_rep", SQ_TEXT),
};
static const char SQL_DEMO_CASE[] =
    "SELECT c.id, c.case_no, e.uscc, e.legal_rep FROM cases c JOIN enterprises e ON e.id = "
    "c.debtor_id WHERE c.region_code = $1 AND c.status = '办理中' AND c.verified = 1 AND "
    "c.amount_fen - coalesce((SELECT sum(s.amount_fen) FROM settlements s WHERE s.case_id = "
    "c.id), 0) >= $2 AND NOT EXISTS (SELECT 1 FROM blacklist b WHERE b.uscc = e.uscc OR "
    "b.source = '本地') "
    "ORDER BY c.amount_fen DESC, c.id LIMIT 1";
static const char SQL_DEMO_ORDER[] =
    "INSERT INTO case_documents (case_id, kind, doc_no, issued_on, deadline_on, created_at) "
    "SELECT CAST($1 AS BIGINT), '责令支付通知', CAST($2 AS TEXT), CAST($3 AS TEXT), "
    "CAST($4 AS TEXT), CAST($5 AS BIGINT) WHERE NOT EXISTS (SELECT 1 FROM case_documents d "
    "WHERE d.case_id = $1 AND d.kind = '责令支付通知') RETURNING id";
static const char SQL_IN_COUNT[] =
    "SELECT id FROM incidents WHERE region_code BETWEEN $1 AND $2 LIMIT 1";
/* by notifications_user (user_id, read_at) */
static const char SQL_NT_UNREAD[] =
    "SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL";

/* ---------------------------------------------------------------- the table */

struct stmt {
    const char *sql;
    const struct sq_col *cols;
    int ncols, nparams;
};

#define S(e, sql, cols, np) [e] = { sql, cols, SQ_NCOLS(cols), np }

static const struct stmt stmts[SC__N] = {
    S(SC_BL_LIST, SQL_BL_LIST, bl_cols, 7),
    S(SC_BL_GET, SQL_BL_GET, bl_cols, 3),
    S(SC_BL_PERSONS, SQL_BL_PERSONS, person_cols, 1),
    S(SC_BL_EVENTS, SQL_BL_EVENTS, event_cols, 1),
    S(SC_BL_PUBLIC, SQL_BL_PUBLIC, pub_cols, 3),
    S(SC_BL_PUB_PERS, SQL_BL_PUB_PERS, pub_person_cols, 1),
    S(SC_BL_INSERT, SQL_BL_INSERT, id_cols, 10),
    S(SC_BL_PERSON, SQL_BL_PERSON, id_cols, 6),
    S(SC_BL_EVENT, SQL_BL_EVENT, id_cols, 5),
    S(SC_BL_NOTICE, SQL_BL_NOTICE, id_cols, 4),
    S(SC_BL_DEFENSE, SQL_BL_DEFENSE, id_cols, 3),
    S(SC_BL_DECIDE, SQL_BL_DECIDE, id_cols, 5),
    S(SC_BL_REJECT, SQL_BL_REJECT, id_cols, 4),
    S(SC_BL_REPAIR, SQL_BL_REPAIR, id_cols, 5),
    S(SC_BL_REMOVE, SQL_BL_REMOVE, id_cols, 4),
    S(SC_BL_EXPIRE, SQL_BL_EXPIRE, expire_cols, 2),
    S(SC_BL_OPEN_FOR, SQL_BL_OPEN_FOR, id_cols, 2),
    S(SC_EL_ORDERS, SQL_EL_ORDERS, order_cols, 4),
    S(SC_EL_INCIDENT, SQL_EL_INCIDENT, incident_ref_cols, 2),
    S(SC_ENT_BY_USCC, SQL_ENT_BY_USCC, ent_cols, 1),
    S(SC_PJ_BY_CODE, SQL_PJ_BY_CODE, pj_cols, 3),
    S(SC_CASE_BY_NO, SQL_CASE_BY_NO, case_ref_cols, 1),
    S(SC_RT_FACTS, SQL_RT_FACTS, facts_cols, 10),
    S(SC_RT_UPSERT, SQL_RT_UPSERT, id_cols, 5),
    S(SC_RT_LIST, SQL_RT_LIST, rating_cols, 6),
    S(SC_IN_INSERT, SQL_IN_INSERT, id_cols, 14),
    S(SC_IN_LIST, SQL_IN_LIST, in_cols, 7),
    S(SC_IN_GET, SQL_IN_GET, in_cols, 3),
    S(SC_IN_FOLLOW, SQL_IN_FOLLOW, id_cols, 4),
    S(SC_IN_FOLLOWS, SQL_IN_FOLLOWS, follow_cols, 1),
    S(SC_IN_STATUS, SQL_IN_STATUS, id_cols, 4),
    S(SC_ZR_FILE, SQL_ZR_FILE, id_cols, 7),
    S(SC_ZR_LIST, SQL_ZR_LIST, zr_cols, 4),
    S(SC_ZR_FILED, SQL_ZR_FILED, zr_filed_cols, 3),
    S(SC_SV_ROUND, SQL_SV_ROUND, id_cols, 9),
    S(SC_SV_ROUNDS, SQL_SV_ROUNDS, round_cols, 2),
    S(SC_SV_ROUND_GET, SQL_SV_ROUND_GET, round_ref_cols, 3),
    S(SC_SV_FINDING, SQL_SV_FINDING, id_cols, 9),
    S(SC_SV_FINDINGS, SQL_SV_FINDINGS, finding_cols, 4),
    S(SC_SV_FOLLOW, SQL_SV_FOLLOW, id_cols, 6),
    S(SC_SV_STALLED, SQL_SV_STALLED, stalled_cols, 3),
    S(SC_NT_ADD, SQL_NT_ADD, id_cols, 7),
    S(SC_NT_LIST, SQL_NT_LIST, nt_cols, 4),
    S(SC_NT_READ, SQL_NT_READ, id_cols, 3),
    S(SC_NT_REGION, SQL_NT_REGION, user_cols, 2),
    S(SC_NT_UP_CHAIN, SQL_NT_UP_CHAIN, user_cols, 1),
    S(SC_NT_REGION_DEPT, SQL_NT_REGION_DEPT, user_cols, 3),
    S(SC_NT_DUE_DOCS, SQL_NT_DUE_DOCS, due_cols, 2),
    S(SC_DEMO_CASE, SQL_DEMO_CASE, demo_case_cols, 2),
    S(SC_DEMO_ORDER, SQL_DEMO_ORDER, id_cols, 5),
    S(SC_IN_COUNT, SQL_IN_COUNT, id_cols, 2),
    S(SC_NT_UNREAD, SQL_NT_UNREAD, id_cols, 1),
};

int
store_credit_run(struct store *st, enum sc_stmt q, const struct store_val *params, int n,
                 sq_row_fn fn, void *ctx, long *rows, struct zq_err *err)
{
    if ((unsigned)q >= SC__N || stmts[q].sql == NULL || n != stmts[q].nparams)
        return zq_err_set(err, ZQ_EINTERNAL, "信用模块语句 %d 的参数个数有误", (int)q);
    return sq_run_cols(st, stmts[q].sql, params, n, stmts[q].cols, stmts[q].ncols, fn, ctx, rows,
                       err);
}

static int
first_id(void *ctx, const struct sq_col *cols, const struct store_val *v, int n)
{
    (void)cols;
    if (n > 0 && v[0].t == STORE_INT)
        *(int64_t *)ctx = v[0].i;
    return 1;
}

int
store_credit_id(struct store *st, enum sc_stmt q, const struct store_val *params, int n,
                int64_t *id, struct zq_err *err)
{
    *id = 0;
    return store_credit_run(st, q, params, n, first_id, id, NULL, err);
}
