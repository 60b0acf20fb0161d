/*
 * store_clue.c - SQL of clue handling (see store_clue.h): the clue row and
 * its history, duplicates, the bigram search index, the scoped list, the
 * duty roster and notifications.
 *
 * The scope of every staff read is written into the statement ($1..$4 of
 * SC_SCOPE below), as for projects in store_query.c.
 */
#include "store/store_clue.h"

#include <stdio.h>
#include <string.h>

#include "store/store_query_int.h"

/* ---------------------------------------------------------------- helpers */

static struct store_val
null_val(void)
{
    struct store_val v = { .t = STORE_NULL };

    return v;
}

static struct store_val
nul_text(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return null_val();
    return sq_text(s);
}

static struct store_val
nul_id(int64_t id)
{
    if (id <= 0)
        return null_val();
    return sq_int(id);
}

static void
copy_col(struct store_stmt *s, int col, char *out, size_t cap)
{
    size_t n;
    const char *t = store_column_text(s, col, &n);
    struct store_val v = { .t = STORE_TEXT, .p = t, .n = n };

    sq_copy(out, cap, &v);
}

/* ---------------------------------------------------------------- insert */

static const char SQL_INSERT[] =
    "INSERT INTO clues (ticket, channel, external_id, received_at, province, region_code, dept, "
    "first_region_code, complainant, complainant_id_enc, complainant_id_hash, "
    "complainant_id_masked, phone_enc, phone_hash, phone_masked, respondent, respondent_uscc, "
    "respondent_id, project_id, project_code, project_name, nature, people, amount_fen, "
    "period_from, period_to, description, status, accept_by, linked_to, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
    "$19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31, $31) RETURNING id";

static int
first_id(void *ctx, const struct store_val *v, int n)
{
    int64_t *out = ctx;

    *out = n > 0 && v[0].t == STORE_INT ? v[0].i : 0;
    return 1;
}

int
store_clue_insert(struct store *st, const struct store_val *v, int64_t *id, struct zq_err *err)
{
    int rc;

    *id = 0;
    if ((rc = sq_run(st, SQL_INSERT, v, SCI__N, first_id, id, NULL, err)) < 0)
        return rc;
    return *id > 0 ? 0 : zq_err_set(err, ZQ_EDB, "线索未能写入");
}

/* ---------------------------------------------------------------- routing facts */

static const char SQL_ROUTE_PROJECT[] =
    "SELECT id, code, name, region_code, industry FROM projects WHERE code = $1";
static const char SQL_ROUTE_ENT[] = "SELECT id, region_code FROM enterprises WHERE uscc = $1";

static int
route_project(void *ctx, const struct store_val *v, int n)
{
    struct store_clue_route *r = ctx;

    if (n < 5)
        return 1;
    r->project_id = v[0].i;
    sq_copy(r->project_code, sizeof r->project_code, &v[1]);
    sq_copy(r->project_name, sizeof r->project_name, &v[2]);
    sq_copy(r->project_region, sizeof r->project_region, &v[3]);
    sq_copy(r->project_industry, sizeof r->project_industry, &v[4]);
    return 1;
}

static int
route_ent(void *ctx, const struct store_val *v, int n)
{
    struct store_clue_route *r = ctx;

    if (n < 2)
        return 1;
    r->ent_id = v[0].i;
    sq_copy(r->ent_region, sizeof r->ent_region, &v[1]);
    return 1;
}

int
store_clue_route_facts(struct store *st, const char *project_code, const char *uscc,
                       struct store_clue_route *out, struct zq_err *err)
{
    struct store_val p[1];
    int rc;

    memset(out, 0, sizeof *out);
    if (project_code != NULL && project_code[0] != '\0') {
        p[0] = sq_text(project_code);
        if ((rc = sq_run(st, SQL_ROUTE_PROJECT, p, 1, route_project, out, NULL, err)) < 0)
            return rc;
    }
    if (uscc != NULL && uscc[0] != '\0') {
        p[0] = sq_text(uscc);
        if ((rc = sq_run(st, SQL_ROUTE_ENT, p, 1, route_ent, out, NULL, err)) < 0)
            return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- duplicates */

/* The match of SPEC §7: (same ID or same phone) and (same project or same
 * respondent) within the window; the earliest such clue's root. */
static const char SQL_DUP[] =
    "SELECT coalesce(c.linked_to, c.id) FROM clues c WHERE c.received_at BETWEEN $1 AND $2 "
    "AND c.id <> $3 AND ((CAST($4 AS BLOB) IS NOT NULL AND c.complainant_id_hash = $4) OR "
    "c.phone_hash = $5) AND ((CAST($6 AS BIGINT) > 0 AND c.project_id = $6) OR "
    "c.respondent = $7 OR ($8 <> '' AND c.respondent_uscc = $8)) "
    "ORDER BY c.received_at, c.id LIMIT 1";
static const char SQL_DUP_PG[] =
    "SELECT coalesce(c.linked_to, c.id) FROM clues c WHERE c.received_at BETWEEN $1 AND $2 "
    "AND c.id <> $3 AND ((CAST($4 AS BYTEA) IS NOT NULL AND c.complainant_id_hash = $4) OR "
    "c.phone_hash = $5) AND ((CAST($6 AS BIGINT) > 0 AND c.project_id = $6) OR "
    "c.respondent = $7 OR ($8 <> '' AND c.respondent_uscc = $8)) "
    "ORDER BY c.received_at, c.id LIMIT 1";

int
store_clue_find_dup(struct store *st, const struct store_clue_dup_key *k, int64_t *root,
                    struct zq_err *err)
{
    struct store_val p[8];

    *root = 0;
    p[0] = sq_int(k->since);
    p[1] = sq_int(k->until);
    p[2] = sq_int(k->except);
    p[3] = sq_blob(k->cid_hash, k->hash_len);
    p[4] = sq_blob(k->phone_hash, k->hash_len);
    p[5] = sq_int(k->project_id);
    p[6] = sq_text(sq_nz(k->respondent));
    p[7] = sq_text(sq_nz(k->respondent_uscc));
    return sq_run(st, store_dialect(st) == STORE_PG ? SQL_DUP_PG : SQL_DUP, p, 8, first_id, root,
                  NULL, err);
}

static const char SQL_SET_LINK[] = "UPDATE clues SET linked_to = $2 WHERE id = $1";

int
store_clue_set_link(struct store *st, int64_t id, int64_t linked_to, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(id), nul_id(linked_to) };

    return sq_run(st, SQL_SET_LINK, p, 2, NULL, NULL, NULL, err);
}

static const char SQL_SET_PROJECT[] =
    "UPDATE clues SET project_id = $2, project_code = $3 WHERE id = $1";

int
store_clue_set_project(struct store *st, int64_t id, int64_t project_id, const char *code,
                       struct zq_err *err)
{
    struct store_val p[3] = { sq_int(id), sq_int(project_id), sq_text(code) };

    return sq_run(st, SQL_SET_PROJECT, p, 3, NULL, NULL, NULL, err);
}

/* ---------------------------------------------------------------- search index */

static size_t
utf8_len(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static bool
is_space(const char *p, size_t n)
{
    /* ASCII white space and punctuation, and the ideographic space U+3000 */
    if (n == 1)
        return (unsigned char)p[0] <= ' ' || strchr(",.;:!?()[]{}\"'/\\|-_", p[0]) != NULL;
    return n == 3 && memcmp(p, "\xe3\x80\x80", 3) == 0;
}

size_t
store_clue_bigrams(const char *text, size_t len, char (*out)[SC_GRAM_MAX], size_t have, size_t max)
{
    size_t i = 0, prev = 0, prev_n = 0, n = have;

    while (i < len && n < max) {
        size_t c = utf8_len((unsigned char)text[i]);
        if (i + c > len)
            break;
        if (is_space(text + i, c)) {
            prev_n = 0;
        } else {
            if (prev_n > 0) {
                char g[SC_GRAM_MAX];
                bool dup = false;
                memcpy(g, text + prev, prev_n);
                memcpy(g + prev_n, text + i, c);
                g[prev_n + c] = '\0';
                for (size_t k = 0; k < n && !dup; k++)
                    dup = strcmp(out[k], g) == 0;
                if (!dup)
                    memcpy(out[n++], g, prev_n + c + 1);
            }
            prev = i;
            prev_n = c;
        }
        i += c;
    }
    return n;
}

#define INDEX_MAX 256

static const char SQL_GRAMS_DEL[] = "DELETE FROM clue_grams WHERE clue_id = $1";
static const char SQL_GRAM_ADD[] =
    "INSERT INTO clue_grams (gram, clue_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

int
store_clue_index(struct store *st, int64_t id, const char *const *texts, int n, struct zq_err *err)
{
    char grams[INDEX_MAX][SC_GRAM_MAX];
    struct store_val p[2];
    size_t ng = 0;
    int rc;

    for (int i = 0; i < n; i++)
        if (texts[i] != NULL)
            ng = store_clue_bigrams(texts[i], strlen(texts[i]), grams, ng, INDEX_MAX);
    p[0] = sq_int(id);
    if ((rc = sq_run(st, SQL_GRAMS_DEL, p, 1, NULL, NULL, NULL, err)) < 0)
        return rc;
    p[1] = sq_int(id);
    for (size_t i = 0; i < ng; i++) {
        p[0] = sq_text(grams[i]);
        if ((rc = sq_run(st, SQL_GRAM_ADD, p, 2, NULL, NULL, NULL, err)) < 0)
            return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- one clue */

#define CLUE_COLS                                                                                 \
    "c.id, c.ticket, c.channel, coalesce(c.external_id, ''), c.received_at, c.province, "         \
    "c.region_code, coalesce(c.dept, ''), c.first_region_code, c.complainant, "                   \
    "coalesce(c.complainant_id_masked, ''), c.phone_masked, c.phone_hash, c.respondent, "         \
    "coalesce(c.respondent_uscc, ''), coalesce(c.respondent_id, 0), coalesce(c.project_id, 0), "  \
    "coalesce(p.code, c.project_code, ''), coalesce(c.project_name, p.name, ''), "                \
    "coalesce(p.industry, ''), c.nature, c.people, c.amount_fen, coalesce(c.period_from, ''), "   \
    "coalesce(c.period_to, ''), c.description, c.status, c.accept_by, "                           \
    "coalesce(c.accepted_on, ''), coalesce(c.close_by, ''), coalesce(c.closed_on, ''), "          \
    "coalesce(c.transfer_region_code, ''), coalesce(c.transfer_dept, ''), coalesce(c.reason, "    \
    "''), coalesce(c.result, ''), coalesce(c.satisfaction, ''), c.reopened, "                     \
    "coalesce(c.linked_to, 0), coalesce(l.ticket, ''), coalesce(c.case_id, 0), c.created_at, "    \
    "c.updated_at FROM clues c LEFT JOIN projects p ON p.id = c.project_id LEFT JOIN clues l ON " \
    "l.id = c.linked_to "

/* The scope over clues c: $1..$2 the region range, $3 the department ("" any),
 * $4 1 when nothing is visible.  A clue waiting in 转办 is also visible to
 * the receiving unit, which must see it to receive it. */
#define SC_SCOPE                                                                           \
    "CAST($4 AS BIGINT) = 0 AND (c.region_code BETWEEN $1 AND $2 OR (c.status = '转办' " \
    "AND c.transfer_region_code BETWEEN $1 AND $2)) AND ($3 = '' OR c.dept = $3 OR "       \
    "(c.status = '转办' AND c.transfer_dept = $3))"

static const char SQL_GET[] = "SELECT " CLUE_COLS "WHERE c.ticket = $5 AND " SC_SCOPE;
static const char SQL_GET_ANY[] = "SELECT " CLUE_COLS "WHERE c.ticket = $1";

static void
read_clue(struct store_stmt *s, struct store_clue *c)
{
    size_t n;
    const void *h;

    c->id = store_column_int(s, 0);
    copy_col(s, 1, c->ticket, sizeof c->ticket);
    copy_col(s, 2, c->channel, sizeof c->channel);
    copy_col(s, 3, c->external_id, sizeof c->external_id);
    c->received_at = store_column_int(s, 4);
    copy_col(s, 5, c->province, sizeof c->province);
    copy_col(s, 6, c->region, sizeof c->region);
    copy_col(s, 7, c->dept, sizeof c->dept);
    copy_col(s, 8, c->first_region, sizeof c->first_region);
    copy_col(s, 9, c->complainant, sizeof c->complainant);
    copy_col(s, 10, c->cid_masked, sizeof c->cid_masked);
    copy_col(s, 11, c->phone_masked, sizeof c->phone_masked);
    h = store_column_blob(s, 12, &n);
    c->phone_hash_len = h != NULL && n <= sizeof c->phone_hash ? n : 0;
    if (c->phone_hash_len > 0)
        memcpy(c->phone_hash, h, c->phone_hash_len);
    copy_col(s, 13, c->respondent, sizeof c->respondent);
    copy_col(s, 14, c->respondent_uscc, sizeof c->respondent_uscc);
    c->respondent_id = store_column_int(s, 15);
    c->project_id = store_column_int(s, 16);
    copy_col(s, 17, c->project_code, sizeof c->project_code);
    copy_col(s, 18, c->project_name, sizeof c->project_name);
    copy_col(s, 19, c->project_industry, sizeof c->project_industry);
    copy_col(s, 20, c->nature, sizeof c->nature);
    c->people = store_column_int(s, 21);
    c->amount = store_column_int(s, 22);
    copy_col(s, 23, c->period_from, sizeof c->period_from);
    copy_col(s, 24, c->period_to, sizeof c->period_to);
    copy_col(s, 25, c->description, sizeof c->description);
    copy_col(s, 26, c->status, sizeof c->status);
    copy_col(s, 27, c->accept_by, sizeof c->accept_by);
    copy_col(s, 28, c->accepted_on, sizeof c->accepted_on);
    copy_col(s, 29, c->close_by, sizeof c->close_by);
    copy_col(s, 30, c->closed_on, sizeof c->closed_on);
    copy_col(s, 31, c->transfer_region, sizeof c->transfer_region);
    copy_col(s, 32, c->transfer_dept, sizeof c->transfer_dept);
    copy_col(s, 33, c->reason, sizeof c->reason);
    copy_col(s, 34, c->result, sizeof c->result);
    copy_col(s, 35, c->satisfaction, sizeof c->satisfaction);
    c->reopened = store_column_int(s, 36) != 0;
    c->linked_to = store_column_int(s, 37);
    copy_col(s, 38, c->linked_ticket, sizeof c->linked_ticket);
    c->case_id = store_column_int(s, 39);
    c->created_at = store_column_int(s, 40);
    c->updated_at = store_column_int(s, 41);
}

int
store_clue_get(struct store *st, const struct store_clue_scope *sc, const char *ticket,
               struct store_clue *out, bool *found, struct zq_err *err)
{
    struct store_stmt *s;
    int rc, i = 1;

    *found = false;
    memset(out, 0, sizeof *out);
    if ((rc = store_prepare(st, sc != NULL ? SQL_GET : SQL_GET_ANY, &s, err)) < 0)
        return rc;
    if (sc != NULL) {
        if (store_bind_text(s, 1, sc->region_lo, (size_t)-1) < 0 ||
            store_bind_text(s, 2, sc->region_hi, (size_t)-1) < 0 ||
            store_bind_text(s, 3, sc->dept, (size_t)-1) < 0 ||
            store_bind_int(s, 4, sc->none ? 1 : 0) < 0)
            goto bind;
        i = 5;
    }
    if (store_bind_text(s, i, ticket, (size_t)-1) < 0)
        goto bind;
    if ((rc = store_step(s, err)) == STORE_ROW) {
        read_clue(s, out);
        *found = true;
    }
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
bind:
    store_stmt_done(s);
    return zq_err_set(err, ZQ_EINTERNAL, "数据库 %s：绑定参数失败", store_uri_safe(st));
}

static const char SQL_UPDATE[] =
    "UPDATE clues SET status = $2, region_code = $3, dept = $4, nature = $5, people = $6, "
    "amount_fen = $7, accepted_on = $8, close_by = $9, closed_on = $10, "
    "transfer_region_code = $11, transfer_dept = $12, reason = $13, result = $14, "
    "satisfaction = $15, reopened = $16, project_id = $17, project_code = $18, "
    "updated_at = $19 WHERE id = $1 AND status = $20";

int
store_clue_update(struct store *st, const struct store_clue *c, const char *old_status, int64_t now,
                  struct zq_err *err)
{
    struct store_val p[20];
    int rc;

    p[0] = sq_int(c->id);
    p[1] = sq_text(c->status);
    p[2] = sq_text(c->region);
    p[3] = nul_text(c->dept);
    p[4] = sq_text(c->nature);
    p[5] = sq_int(c->people);
    p[6] = sq_int(c->amount);
    p[7] = nul_text(c->accepted_on);
    p[8] = nul_text(c->close_by);
    p[9] = nul_text(c->closed_on);
    p[10] = nul_text(c->transfer_region);
    p[11] = nul_text(c->transfer_dept);
    p[12] = nul_text(c->reason);
    p[13] = nul_text(c->result);
    p[14] = nul_text(c->satisfaction);
    p[15] = sq_int(c->reopened ? 1 : 0);
    p[16] = nul_id(c->project_id);
    p[17] = nul_text(c->project_code);
    p[18] = sq_int(now);
    p[19] = sq_text(old_status);
    if ((rc = sq_run(st, SQL_UPDATE, p, 20, NULL, NULL, NULL, err)) < 0)
        return rc;
    if (store_changes(st) != 1)
        return zq_err_set(err, ZQ_ECONFLICT, "线索 %s 刚被他人处理，请刷新后重试", c->ticket);
    return 0;
}

/* ---------------------------------------------------------------- history */

/* detail holds the actor label: not every actor is a user (the public, the
 * command line). */
static const char SQL_EVENT[] =
    "INSERT INTO clue_events (clue_id, at, actor_id, action, from_status, to_status, note, "
    "detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

int
store_clue_event(struct store *st, int64_t clue_id, int64_t at, int64_t actor_id, const char *actor,
                 const char *action, const char *from, const char *to, const char *note,
                 struct zq_err *err)
{
    struct store_val p[8] = {
        sq_int(clue_id), sq_int(at),   nul_id(actor_id),     sq_text(action),
        nul_text(from),  nul_text(to), sq_text(sq_nz(note)), sq_text(sq_nz(actor)),
    };

    return sq_run(st, SQL_EVENT, p, 8, NULL, NULL, NULL, err);
}

static const char SQL_HANDLER[] =
    "INSERT INTO clue_handlers (clue_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";

int
store_clue_add_handler(struct store *st, int64_t clue_id, int64_t user_id, struct zq_err *err)
{
    struct store_val p[2] = { sq_int(clue_id), sq_int(user_id) };

    return sq_run(st, SQL_HANDLER, p, 2, NULL, NULL, NULL, err);
}

static const struct sq_col event_cols[] = {
    { "at", SQ_TS },          { "actor", SQ_TEXT },
    { "action", SQ_TEXT },    { "from_status", SQ_TEXT },
    { "to_status", SQ_TEXT }, { "note", SQ_TEXT },
};
static const char SQL_EVENTS[] =
    "SELECT e.at, coalesce(e.detail, ''), e.action, e.from_status, e.to_status, e.note "
    "FROM clue_events e WHERE e.clue_id = $1 ORDER BY e.id";
static const struct sq_col handler_cols[] = {
    { "username", SQ_TEXT },
    { "display_name", SQ_TEXT },
};
static const char SQL_HANDLERS[] =
    "SELECT u.username, u.display_name FROM clue_handlers h JOIN users u ON u.id = h.user_id "
    "WHERE h.clue_id = $1 ORDER BY u.username";
static const struct sq_col linked_cols[] = {
    { "ticket", SQ_TEXT },
    { "received_at", SQ_TS },
    { "status", SQ_TEXT },
};
static const char SQL_LINKED[] =
    "SELECT ticket, received_at, status FROM clues WHERE linked_to = $1 ORDER BY id";

int
store_clue_part(struct store *st, enum store_clue_part part, int64_t clue_id, sq_row_fn fn,
                void *ctx, struct zq_err *err)
{
    struct store_val p[1] = { sq_int(clue_id) };

    switch (part) {
    case SC_PART_EVENTS:
        return sq_run_cols(st, SQL_EVENTS, p, 1, event_cols, SQ_NCOLS(event_cols), fn, ctx, NULL,
                           err);
    case SC_PART_HANDLERS:
        return sq_run_cols(st, SQL_HANDLERS, p, 1, handler_cols, SQ_NCOLS(handler_cols), fn, ctx,
                           NULL, err);
    case SC_PART_LINKED:
        return sq_run_cols(st, SQL_LINKED, p, 1, linked_cols, SQ_NCOLS(linked_cols), fn, ctx, NULL,
                           err);
    }
    return zq_err_set(err, ZQ_EINTERNAL, "未知的线索明细");
}

/* ---------------------------------------------------------------- the list */

static const struct sq_col list_cols[] = {
    { "id", SQ_HIDDEN },
    { "ticket", SQ_TEXT },
    { "channel", SQ_TEXT },
    { "received_at", SQ_TS },
    { "region_code", SQ_REGION },
    { "dept", SQ_TEXT },
    { "complainant", SQ_TEXT },
    { "phone_masked", SQ_TEXT },
    { "respondent", SQ_TEXT },
    { "respondent_uscc", SQ_TEXT },
    { "project_code", SQ_TEXT },
    { "project_name", SQ_TEXT },
    { "nature", SQ_TEXT },
    { "people", SQ_INT },
    { "amount", SQ_MONEY },
    { "status", SQ_TEXT },
    { "accept_by", SQ_TEXT },
    { "accepted_on", SQ_TEXT },
    { "close_by", SQ_TEXT },
    { "closed_on", SQ_TEXT },
    { "linked_to", SQ_TEXT },
    { "case_id", SQ_INT },
    { "transfer_region_code", SQ_TEXT },
    { "overdue", SQ_BOOL },
};

/* Past its deadline as of $14: acceptance while waiting (待受理, 转办),
 * closure while open (as rule W17 judges it). */
#define SC_OVERDUE(d)                                                                          \
    "((c.status IN ('待受理', '转办') AND c.accept_by < " d ") OR (c.status IN ('已受理', " \
    "'核查中', '查实') AND c.close_by < " d "))"
#define SC_LIKE                                                                    \
    "(c.complainant LIKE $13 ESCAPE '\\' OR c.respondent LIKE $13 ESCAPE '\\' OR " \
    "c.project_name LIKE $13 ESCAPE '\\' OR p.name LIKE $13 ESCAPE '\\')"
/* $11 the query as a code ("" when it cannot be one), $12 the text mode (-1
 * no query, 1 part of a name or party: LIKE $13).  A word that few clues
 * hold is looked up by its rarest bigram first (SQL_LIST_GRAM, $15); LIKE
 * confirms it either way. */
#define SC_Q                                                                                 \
    "(CAST($12 AS BIGINT) < 0 OR ($11 <> '' AND (c.ticket = $11 OR c.project_code = $11 OR " \
    "p.code = $11)) OR (CAST($12 AS BIGINT) = 1 AND " SC_LIKE "))"

#define SC_LIST_COLS                                                                              \
    "SELECT c.id, c.ticket, c.channel, c.received_at, c.region_code, c.dept, c.complainant, "     \
    "c.phone_masked, c.respondent, c.respondent_uscc, coalesce(p.code, c.project_code), "         \
    "coalesce(c.project_name, p.name), c.nature, c.people, c.amount_fen, c.status, c.accept_by, " \
    "c.accepted_on, c.close_by, c.closed_on, l.ticket, c.case_id, c.transfer_region_code, "       \
    "CASE WHEN " SC_OVERDUE("$14") " THEN 1 ELSE 0 END "
#define SC_LIST_FILTERS                                                               \
    " AND ($5 = '' OR c.status = $5) AND ($6 = '' OR c.nature = $6) AND ($7 = '' OR " \
    "c.channel = $7) AND (CAST($8 AS BIGINT) = 0 OR " SC_OVERDUE(                     \
        "$14") ") AND "                                                               \
               "(CAST($9 AS BIGINT) = 0 OR c.id < $9) AND " SC_Q
/* The page's ids are chosen first (newest first) and only its rows are
 * joined to their parts. */
#define SC_LIST(where)                                                                           \
    SC_LIST_COLS "FROM (SELECT c.id FROM clues c LEFT JOIN projects p ON p.id = c.project_id "   \
                 "WHERE " where SC_LIST_FILTERS " ORDER BY c.id DESC LIMIT $10) k JOIN clues c " \
                 "ON c.id = k.id LEFT JOIN projects p ON p.id = c.project_id LEFT JOIN clues l " \
                 "ON l.id = c.linked_to ORDER BY c.id DESC"
/* SC_SCOPE with its region tests written so that no index serves them: the
 * list then walks the clues newest first and stops at the page's end. */
#define SC_SCOPE_WALK                                                                              \
    "CAST($4 AS BIGINT) = 0 AND ((c.region_code || '') BETWEEN $1 AND $2 OR (c.status = '转办' " \
    "AND (c.transfer_region_code || '') BETWEEN $1 AND $2)) AND ($3 = '' OR c.dept = $3 OR "       \
    "(c.status = '转办' AND c.transfer_dept = $3))"

/* A list reads its rows one of three ways:
 *   RANGE  a county (or finer) with few clues: its clues by the region (and
 *          transfer) indexes, then sorted;
 *   WALK   a city, a province, or a county with many clues: the clues newest
 *          first, until the page is full;
 *   GRAM   a search for a word that few clues hold: the clues holding its
 *          rarest bigram ($15), then sorted; SC_Q confirms the word. */
static const char SQL_LIST_RANGE[] = SC_LIST(SC_SCOPE);
static const char SQL_LIST_WALK[] = SC_LIST(SC_SCOPE_WALK);
static const char SQL_LIST_GRAM[] =
    SC_LIST("c.id IN (SELECT g.clue_id FROM clue_grams g WHERE g.gram = $15) AND " SC_SCOPE_WALK);
/* The overdue clues ($1 today), by the (status, accept_by) and (status,
 * close_by) indexes: the same test as SC_OVERDUE. */
#define SC_OVERDUE_IDS(d)                                                                             \
    "SELECT o.id FROM clues o WHERE o.status IN ('待受理', '转办') AND o.accept_by < " d              \
    " UNION ALL SELECT o.id FROM clues o WHERE o.status IN ('已受理', '核查中', '查实') AND " \
    "o.close_by < " d
/*   OVERDUE  the overdue list when few clues are overdue: those clues by the
 *            deadline indexes, then sorted (walking would read every clue in
 *            scope to find none). */
static const char SQL_LIST_OVERDUE[] =
    SC_LIST("c.id IN (" SC_OVERDUE_IDS("$14") ") AND " SC_SCOPE_WALK);
static const char SQL_CLUE_OVERDUE_N[] =
    "SELECT count(*) FROM (" SC_OVERDUE_IDS("$1") " LIMIT $2) x";

/* A word whose rarest bigram is in at most this many clues is looked up by it;
 * a commoner one is found sooner by walking the list newest first (about
 * limit x clues / postings rows).  The two cost the same near
 * sqrt(51 x 500,000) ~ 5,000 postings on a province's clues. */
#define SC_GRAM_CAP 5000

/* A county with at most this many clues is read by its index (RANGE); with
 * more, walking all clues newest first meets a page of its sooner (about
 * limit x all clues / its clues rows, read in order rather than looked up). */
#define SC_RANGE_CAP 2000

/* The overdue list reads the overdue clues by the deadline indexes when at
 * most this many are overdue (in the whole database: the scope is tested
 * row by row), as SC_GRAM_CAP. */
#define SC_OVERDUE_CAP 5000

static const char SQL_CLUE_RANGE_N[] =
    "SELECT count(*) FROM (SELECT 1 FROM clues WHERE region_code BETWEEN $1 AND $2 LIMIT $3) x";

static const char SQL_CLUE_GRAM_DF[] =
    "SELECT count(*) FROM (SELECT 1 FROM clue_grams WHERE gram = $1 LIMIT $2) x";

static int
first_int(void *ctx, const struct store_val *v, int n)
{
    *(int64_t *)ctx = n > 0 && v[0].t == STORE_INT ? v[0].i : 0;
    return 1;
}

static bool
ascii_code(const char *q)
{
    for (; *q != '\0'; q++)
        if ((unsigned char)*q >= 0x80 || *q == ' ')
            return false;
    return true;
}

/* 1 when at most SC_OVERDUE_CAP clues are overdue on today, 0 when more. */
static int
few_overdue(struct store *st, const char *today, struct zq_err *err)
{
    struct store_val p[2] = { sq_text(today), sq_int(SC_OVERDUE_CAP + 1) };
    int64_t n = 0;
    int rc;

    if ((rc = sq_run(st, SQL_CLUE_OVERDUE_N, p, 2, first_int, &n, NULL, err)) < 0)
        return rc;
    return n <= SC_OVERDUE_CAP ? 1 : 0;
}

int
store_clue_list(struct store *st, const struct store_clue_scope *sc,
                const struct store_clue_filter *f, sq_row_fn fn, void *ctx, struct zq_err *err)
{
    char grams[8][SC_GRAM_MAX], like[400], lo[10], hi[10];
    struct store_val p[15];
    const char *q = sq_nz(f->q);
    size_t ng = 0, best = 0;
    int64_t df = 0;
    int mode = -1, rc;
    bool by_gram = false;
    const char *sql = SQL_LIST_WALK;

    /* a region filter narrows the scope; outside it there is nothing */
    snprintf(lo, sizeof lo, "%s",
             f->region_lo && f->region_lo[0] && strcmp(f->region_lo, sc->region_lo) > 0
                 ? f->region_lo
                 : sc->region_lo);
    snprintf(hi, sizeof hi, "%s",
             f->region_hi && f->region_hi[0] && strcmp(f->region_hi, sc->region_hi) < 0
                 ? f->region_hi
                 : sc->region_hi);
    if (sc->none || strcmp(lo, hi) > 0)
        return 0;
    if (q[0] != '\0') {
        ng = store_clue_bigrams(q, strlen(q), grams, 0, 8);
        /* one character (or words of one): the bigram index cannot help */
        mode = 1;
        if (ng > 0 && !ascii_code(q) && sq_gram_searchable(q)) {
            if ((rc = sq_rarest_gram(st, SQL_CLUE_GRAM_DF, (const char(*)[SQ_GRAM_MAX])grams, ng,
                                     SC_GRAM_CAP, &best, &df, err)) < 0)
                return rc;
            by_gram = df <= SC_GRAM_CAP;
        }
    }
    sq_like(q, like, sizeof like);
    p[0] = sq_text(lo);
    p[1] = sq_text(hi);
    p[2] = sq_text(sc->dept);
    p[3] = sq_int(0);
    p[4] = sq_text(sq_nz(f->status));
    p[5] = sq_text(sq_nz(f->nature));
    p[6] = sq_text(sq_nz(f->channel));
    p[7] = sq_int(f->overdue ? 1 : 0);
    p[8] = sq_int(f->after_id);
    p[9] = sq_int(f->limit + 1);
    p[10] = sq_text(q[0] != '\0' && ascii_code(q) ? q : "");
    p[11] = sq_int(mode);
    p[12] = sq_text(like);
    p[13] = sq_text(f->today);
    p[14] = sq_text(by_gram ? grams[best] : "");
    if (by_gram)
        sql = SQL_LIST_GRAM;
    else if (f->overdue && (rc = few_overdue(st, f->today, err)) != 0) {
        if (rc < 0)
            return rc;
        sql = SQL_LIST_OVERDUE;
    } else if (!sq_range_broad(lo, hi)) {
        struct store_val r[3] = { sq_text(lo), sq_text(hi), sq_int(SC_RANGE_CAP + 1) };
        int64_t n = 0;
        if ((rc = sq_run(st, SQL_CLUE_RANGE_N, r, 3, first_int, &n, NULL, err)) < 0)
            return rc;
        if (n <= SC_RANGE_CAP)
            sql = SQL_LIST_RANGE;
    }
    return sq_run_cols(st, sql, p, by_gram ? 15 : 14, list_cols, SQ_NCOLS(list_cols), fn, ctx, NULL,
                       err);
}

/* ---------------------------------------------------------------- duty roster */

static const char SQL_DUTY_ON[] =
    "SELECT u.id, u.username FROM duty_roster d JOIN users u ON u.id = d.user_id "
    "WHERE d.region_code = $1 AND d.starts_at <= $2 AND d.ends_at > $2 AND u.disabled = 0 "
    "ORDER BY u.id";

struct duty_ctx {
    store_duty_fn fn;
    void *ctx;
};

static int
duty_row(void *ctx, const struct store_val *v, int n)
{
    struct duty_ctx *d = ctx;
    char name[80];

    if (n < 2)
        return 0;
    sq_copy(name, sizeof name, &v[1]);
    return d->fn(d->ctx, v[0].i, name);
}

int
store_duty_on(struct store *st, const char *region, int64_t at, store_duty_fn fn, void *ctx,
              struct zq_err *err)
{
    struct store_val p[2] = { sq_text(region), sq_int(at) };
    struct duty_ctx d = { fn, ctx };

    return sq_run(st, SQL_DUTY_ON, p, 2, duty_row, &d, NULL, err);
}

static const struct sq_col duty_cols[] = {
    { "id", SQ_INT },        { "region_code", SQ_REGION },
    { "username", SQ_TEXT }, { "display_name", SQ_TEXT },
    { "starts_at", SQ_TS },  { "ends_at", SQ_TS },
};
static const char SQL_DUTY_LIST[] =
    "SELECT d.id, d.region_code, u.username, u.display_name, d.starts_at, d.ends_at "
    "FROM duty_roster d JOIN users u ON u.id = d.user_id WHERE d.region_code BETWEEN $1 AND $2 "
    "AND d.ends_at > $3 ORDER BY d.region_code, d.starts_at, u.username";

int
store_duty_list(struct store *st, const char *lo, const char *hi, int64_t from, sq_row_fn fn,
                void *ctx, struct zq_err *err)
{
    struct store_val p[3] = { sq_text(lo), sq_text(hi), sq_int(from) };

    return sq_run_cols(st, SQL_DUTY_LIST, p, 3, duty_cols, SQ_NCOLS(duty_cols), fn, ctx, NULL, err);
}

static const char SQL_DUTY_CLEAR[] =
    "DELETE FROM duty_roster WHERE region_code = $1 AND ends_at > $2";
static const char SQL_DUTY_ADD[] =
    "INSERT INTO duty_roster (region_code, user_id, starts_at, ends_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (region_code, starts_at, user_id) DO UPDATE SET ends_at = excluded.ends_at";

int
store_duty_clear(struct store *st, const char *region, int64_t from, struct zq_err *err)
{
    struct store_val p[2] = { sq_text(region), sq_int(from) };

    return sq_run(st, SQL_DUTY_CLEAR, p, 2, NULL, NULL, NULL, err);
}

int
store_duty_add(struct store *st, const char *region, int64_t user_id, int64_t starts, int64_t ends,
               struct zq_err *err)
{
    struct store_val p[4] = { sq_text(region), sq_int(user_id), sq_int(starts), sq_int(ends) };

    return sq_run(st, SQL_DUTY_ADD, p, 4, NULL, NULL, NULL, err);
}

/* ---------------------------------------------------------------- notifications */

static const char SQL_NOTIFY[] =
    "INSERT INTO notifications (user_id, kind, subject_type, subject_code, message, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6)";

int
store_notify(struct store *st, int64_t user_id, const char *kind, const char *subject_type,
             const char *subject_code, const char *message, int64_t now, struct zq_err *err)
{
    struct store_val p[6] = { sq_int(user_id),        sq_text(kind),    nul_text(subject_type),
                              nul_text(subject_code), sq_text(message), sq_int(now) };

    return sq_run(st, SQL_NOTIFY, p, 6, NULL, NULL, NULL, err);
}
