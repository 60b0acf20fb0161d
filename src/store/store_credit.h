/*
 * store_credit.h - persistence of the credit and follow-through records:
 * blacklist entries (tables blacklist, blacklist_persons, blacklist_events),
 * annual enterprise ratings, incidents and their follow-ups, zero reports,
 * supervision rounds and findings, and notifications.
 *
 * The statements form one table indexed by enum sc_stmt; each entry's
 * comment lists its parameters $1..$n.  Reads of scoped data take the
 * caller's region range as $1 and $2 (see struct store_scope): a row whose
 * region lies outside it does not exist for the caller.  Statements that
 * change a row end in RETURNING id, so the rows handed out count the rows
 * changed (0: the row was not in the state the change requires).
 *
 * Every function works inside the caller's transaction, if any.
 */
#ifndef ZQ_STORE_STORE_CREDIT_H
#define ZQ_STORE_STORE_CREDIT_H

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

enum sc_stmt {
    /* ---- blacklist ---- */
    SC_BL_LIST,     /* lo, hi, status|'', list|'', like|'', after_id, limit */
    SC_BL_GET,      /* lo, hi, id */
    SC_BL_PERSONS,  /* entry id */
    SC_BL_EVENTS,   /* entry id */
    SC_BL_PUBLIC,   /* uscc, name like, today: statutory entries in force */
    SC_BL_PUB_PERS, /* entry id: name and role only */
    SC_BL_INSERT,   /* enterprise_id, uscc, name, list, region, case_id, incident_id,
                       proposed_on, reason, now -> id */
    SC_BL_PERSON,   /* entry id, name, role, id_enc, id_hash, id_masked -> id */
    SC_BL_EVENT,    /* entry id, at, actor_id|NULL, action, note -> id */
    SC_BL_NOTICE,   /* id, noticed_on, defense_until, now: 拟列入 -> 已告知 */
    SC_BL_DEFENSE,  /* id, note, now: records the 陈述申辩 of an 已告知 entry */
    SC_BL_DECIDE,   /* id, decided_on, decided_by, expires_on, now: 已告知 -> 已列入 */
    SC_BL_REJECT,   /* id, decided_on, decided_by, now: 拟列入|已告知 -> 不予列入 */
    SC_BL_REPAIR,   /* id, corrected_on, applied_on, pledge, now: on an 已列入 entry */
    SC_BL_REMOVE,   /* id, removed_on, removal_kind, now: 已列入 -> 已移出 */
    SC_BL_EXPIRE,   /* today, now: every 已列入 entry whose expires_on <= today -> 已移出 */
    SC_BL_OPEN_FOR, /* uscc, list: entries not 不予列入 or 已移出 (a second proposal is refused) */
    SC_EL_ORDERS,   /* enterprise_id, today, lo, hi: orders past their deadline, not complied,
                       of cases in the region range, with the unpaid amount of their case */
    SC_EL_INCIDENT, /* enterprise_id, incident id: the incident if linked to it */
    SC_ENT_BY_USCC, /* uscc: id, name, region_code, legal_rep */
    SC_PJ_BY_CODE,  /* lo, hi, code: id, region_code, contractor_id */
    SC_CASE_BY_NO,  /* case_no: id, region_code */
    /* ---- ratings ---- */
    SC_RT_FACTS,  /* lo, hi, from date, to date, from ts, to ts, mass people, after id, limit */
    SC_RT_UPSERT, /* enterprise_id, year, grade, reasons, now -> id */
    SC_RT_LIST,   /* lo, hi, year, grade|'', after uscc, limit */
    /* ---- incidents ---- */
    SC_IN_INSERT,  /* province, region, project_id, enterprise_id, occurred_at, place, people,
                      amount_fen, nature, form, serious, description, reported_by, now -> id */
    SC_IN_LIST,    /* lo, hi, status|'', from ts, to ts, after id (0 first), limit: newest first */
    SC_IN_GET,     /* lo, hi, id */
    SC_IN_FOLLOW,  /* incident id, at, actor_id|NULL, note -> id */
    SC_IN_FOLLOWS, /* incident id */
    SC_IN_STATUS,  /* id, status, serious (-1 keep), now -> id */
    /* ---- zero reports ---- */
    SC_ZR_FILE,  /* region, province, date, has_events, note, now, filed_by: first filing time
                    is kept, a second filing the same day replaces the content */
    SC_ZR_LIST,  /* lo, hi, from date, to date */
    SC_ZR_FILED, /* lo, hi, date: region_code, filed_at */
    /* ---- supervision ---- */
    SC_SV_ROUND,     /* region, province, title, team, targets, started_on, ended_on, now,
                        created_by -> id */
    SC_SV_ROUNDS,    /* lo, hi */
    SC_SV_ROUND_GET, /* lo, hi, id: region_code */
    SC_SV_FINDING,   /* round_id, region, case_id, finding, measure, target, measure_on,
                        deadline_on, now -> id */
    SC_SV_FINDINGS,  /* lo, hi, round id (0 any), today: with overdue flag */
    SC_SV_FOLLOW,    /* lo, hi, id, followup, rectified_on|NULL, now -> id */
    SC_SV_STALLED,   /* lo, hi, deadline before: open cases past their deadline */
    /* ---- notifications ---- */
    SC_NT_ADD,      /* user_id, kind, subject_type, subject_code, message, now, once_key|NULL
                       -> id (nothing when once_key was used for that user) */
    SC_NT_LIST,     /* user_id, unread only (0/1), after id (0 first), limit: newest first */
    SC_NT_READ,     /* user_id, id (0: all), now -> ids */
    SC_NT_REGION,   /* region, role|'': enabled users of exactly that region (and role) */
    SC_NT_UP_CHAIN, /* region: enabled staff users whose region is region or an ancestor */
    SC_NT_DUE_DOCS, /* from date, to date: open orders with deadlines in [from, to] and the
                       case's leader, region */
    /* ---- demo data ---- */
    SC_DEMO_CASE,  /* region, min unpaid fen: an open case of a registered debtor not on any
                      list, owing at least that much: id, case_no, uscc, legal_rep */
    SC_DEMO_ORDER, /* case id, doc_no, issued_on, deadline_on, now: a 责令支付通知 unless the
                      case has one -> id */
    SC_IN_COUNT,   /* lo, hi: incidents in the range: id (one row at most) */
    SC_NT_UNREAD,  /* user_id: the number of unread notifications (one row) */
    /* ---- notifications to one department ---- */
    SC_NT_REGION_DEPT, /* region, role, dept: enabled users of exactly that region, role, dept */
    SC__N
};

/* Run statement q with params[0..n) bound to $1..$n, handing each row to fn
 * (may be NULL) with its column descriptions.  *rows (may be NULL) gets the
 * number of rows handed out.  A wrong parameter count is ZQ_EINTERNAL. */
int store_credit_run(struct store *st, enum sc_stmt q, const struct store_val *params, int n,
                     sq_row_fn fn, void *ctx, long *rows, struct zq_err *err) ZQ_WUR;

/* The id of the first row of q (0 when none). */
int store_credit_id(struct store *st, enum sc_stmt q, const struct store_val *params, int n,
                    int64_t *id, struct zq_err *err) ZQ_WUR;

#endif
