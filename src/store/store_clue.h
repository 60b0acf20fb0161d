/*
 * store_clue.h - persistence of clue handling (SPEC §7): the clue row, its
 * events and handlers, duplicate detection, the bigram search index, the
 * scoped list and detail, the duty roster and notifications (tables of
 * migrations 0001 and 0004).
 *
 * Every function works inside the caller's transaction (or autocommits one
 * statement); nothing here begins or commits.  Reads for staff carry a
 * struct store_clue_scope applied in the SQL itself: a clue outside it does
 * not exist for the caller.
 */
#ifndef ZQ_STORE_STORE_CLUE_H
#define ZQ_STORE_STORE_CLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"
#include "store/store_query.h"

/* Who sees which clues: those routed to a region in [region_lo, region_hi]
 * (and, while a transfer waits, those transferred into it) and, when dept is
 * not "", only those of that department.  none: nothing at all (enterprises,
 * banks). */
struct store_clue_scope {
    char region_lo[10], region_hi[10];
    char dept[16];
    bool none;
};

/* Text sizes of struct store_clue (bytes, with the NUL). */
#define SC_TICKET_MAX 48
#define SC_NAME_MAX   400
#define SC_TEXT_MAX   8192

/* One clue as the handling code reads it.  "" for NULL texts, 0 for NULL ids. */
struct store_clue {
    int64_t id;
    char ticket[SC_TICKET_MAX];
    char channel[32];
    char external_id[72];
    int64_t received_at;
    char province[8], region[10], dept[16], first_region[10];
    char complainant[SC_NAME_MAX];
    char cid_masked[24], phone_masked[24];
    unsigned char phone_hash[32];
    size_t phone_hash_len;
    char respondent[SC_NAME_MAX], respondent_uscc[20];
    int64_t respondent_id, project_id;
    char project_code[72], project_name[SC_NAME_MAX];
    char project_industry[16]; /* of the registered project; "" when none */
    char nature[16];
    int64_t people, amount;
    char period_from[8], period_to[8];
    char description[SC_TEXT_MAX];
    char status[24];
    char accept_by[11], accepted_on[11], close_by[11], closed_on[11];
    char transfer_region[10], transfer_dept[16];
    char reason[SC_TEXT_MAX / 2], result[SC_TEXT_MAX / 2];
    char satisfaction[16];
    bool reopened;
    int64_t linked_to;
    char linked_ticket[SC_TICKET_MAX];
    int64_t case_id;
    int64_t created_at, updated_at;
};

/* Columns of a new clue, in the order of store_clue_insert's values. */
enum {
    SCI_TICKET,
    SCI_CHANNEL,
    SCI_EXTERNAL_ID,
    SCI_RECEIVED_AT,
    SCI_PROVINCE,
    SCI_REGION,
    SCI_DEPT,
    SCI_FIRST_REGION,
    SCI_COMPLAINANT,
    SCI_CID_ENC,
    SCI_CID_HASH,
    SCI_CID_MASKED,
    SCI_PHONE_ENC,
    SCI_PHONE_HASH,
    SCI_PHONE_MASKED,
    SCI_RESPONDENT,
    SCI_RESPONDENT_USCC,
    SCI_RESPONDENT_ID,
    SCI_PROJECT,
    SCI_PROJECT_CODE,
    SCI_PROJECT_NAME,
    SCI_NATURE,
    SCI_PEOPLE,
    SCI_AMOUNT,
    SCI_PERIOD_FROM,
    SCI_PERIOD_TO,
    SCI_DESCRIPTION,
    SCI_STATUS,
    SCI_ACCEPT_BY,
    SCI_LINKED_TO,
    SCI_NOW,
    SCI__N
};

/* Insert a clue (values v[SCI__N], borrowed); *id gets its id.  ZQ_ECONFLICT
 * when the ticket or (channel, external_id) exists. */
int store_clue_insert(struct store *st, const struct store_val *v, int64_t *id,
                      struct zq_err *err) ZQ_WUR;

/* Facts for routing a clue: the project with that code (*project_id 0 when
 * none; region and industry filled otherwise) and the enterprise with that
 * USCC (*ent_id 0 when none; ent_region filled otherwise).  Either key may be
 * NULL or "". */
struct store_clue_route {
    int64_t project_id;
    char project_code[72], project_name[SC_NAME_MAX], project_region[10], project_industry[16];
    int64_t ent_id;
    char ent_region[10];
};
int store_clue_route_facts(struct store *st, const char *project_code, const char *uscc,
                           struct store_clue_route *out, struct zq_err *err) ZQ_WUR;

/* The earliest clue received in [since, until] (timestamps) other than
 * `except` with (the same complainant ID hash, when cid_hash is not NULL,
 * or the same phone hash) and (the same project, when project_id > 0, or
 * the same respondent name, or the same respondent USCC when uscc is not
 * ""); *root gets the clue it is itself linked to, else its id; 0 when
 * there is none. */
struct store_clue_dup_key {
    const unsigned char *cid_hash; /* NULL when the clue has no ID number */
    const unsigned char *phone_hash;
    size_t hash_len;
    int64_t project_id;
    const char *respondent, *respondent_uscc;
    int64_t since, until, except;
};
int store_clue_find_dup(struct store *st, const struct store_clue_dup_key *k, int64_t *root,
                        struct zq_err *err) ZQ_WUR;
/* Set linked_to of clue id (0 clears it). */
int store_clue_set_link(struct store *st, int64_t id, int64_t linked_to, struct zq_err *err) ZQ_WUR;

/* Link clue id to a registered project (its code as well). */
int store_clue_set_project(struct store *st, int64_t id, int64_t project_id, const char *code,
                           struct zq_err *err) ZQ_WUR;

/* The distinct bigrams (pairs of adjacent UTF-8 characters; white space and
 * ASCII punctuation break words) of text[0..len), appended to out[have..max)
 * (each at most 8 bytes and a NUL); returns the new count.  Grams already in
 * out[0..have) are not repeated. */
#define SC_GRAM_MAX 9
size_t store_clue_bigrams(const char *text, size_t len, char (*out)[SC_GRAM_MAX], size_t have,
                          size_t max);
/* Replace the search index of clue id by the bigrams of texts[0..n) (NULL
 * entries skipped). */
int store_clue_index(struct store *st, int64_t id, const char *const *texts, int n,
                     struct zq_err *err) ZQ_WUR;

/* The clue with that ticket, within sc (NULL: no scope, for the public
 * look-up and the command line); *found false when there is none. */
int store_clue_get(struct store *st, const struct store_clue_scope *sc, const char *ticket,
                   struct store_clue *out, bool *found, struct zq_err *err) ZQ_WUR;

/* Write back the state of c (status, routing, findings, dates, transfer,
 * reason, result, satisfaction, reopened, project) if its status is still
 * old_status; ZQ_ECONFLICT when another change came first. */
int store_clue_update(struct store *st, const struct store_clue *c, const char *old_status,
                      int64_t now, struct zq_err *err) ZQ_WUR;

/* One step of the clue's history.  actor: the audit actor label. */
int store_clue_event(struct store *st, int64_t clue_id, int64_t at, int64_t actor_id,
                     const char *actor, const char *action, const char *from, const char *to,
                     const char *note, struct zq_err *err) ZQ_WUR;
int store_clue_add_handler(struct store *st, int64_t clue_id, int64_t user_id,
                           struct zq_err *err) ZQ_WUR;

/* Parts of a clue for its detail: events (at, actor, action, from, to,
 * note), handlers (username, display_name), duplicates (tickets linked to
 * it).  Rows described by sq_col. */
enum store_clue_part { SC_PART_EVENTS, SC_PART_HANDLERS, SC_PART_LINKED };
int store_clue_part(struct store *st, enum store_clue_part part, int64_t clue_id, sq_row_fn fn,
                    void *ctx, struct zq_err *err) ZQ_WUR;

/* The list filter.  Strings "" for any. */
struct store_clue_filter {
    const char *region_lo, *region_hi; /* narrowing the scope */
    const char *status, *nature, *channel;
    bool overdue;      /* past accept_by or close_by as of today */
    const char *today; /* YYYY-MM-DD, always */
    const char *q;     /* ticket, project code or words of the names */
    int64_t after_id;  /* keyset: clues with a smaller id (0: from the newest) */
    int limit;         /* rows wanted; limit + 1 are read */
};
/* Column of the id (hidden) and of the ticket in the rows of store_clue_list. */
#define SC_LIST_ID_COL     0
#define SC_LIST_TICKET_COL 1
/* Clues within sc, newest first. */
int store_clue_list(struct store *st, const struct store_clue_scope *sc,
                    const struct store_clue_filter *f, sq_row_fn fn, void *ctx,
                    struct zq_err *err) ZQ_WUR;

/* ---------------------------------------------------------------- duty roster */

/* Users on duty for exactly region `region` at `at` (enabled ones), by id:
 * fn receives (user id, username). */
typedef int (*store_duty_fn)(void *ctx, int64_t user_id, const char *username);
int store_duty_on(struct store *st, const char *region, int64_t at, store_duty_fn fn, void *ctx,
                  struct zq_err *err) ZQ_WUR;
/* Roster entries of regions in [lo, hi] ending after `from`, by start. */
int store_duty_list(struct store *st, const char *lo, const char *hi, int64_t from, sq_row_fn fn,
                    void *ctx, struct zq_err *err) ZQ_WUR;
/* Remove the entries of region ending after `from`. */
int store_duty_clear(struct store *st, const char *region, int64_t from, struct zq_err *err) ZQ_WUR;
int store_duty_add(struct store *st, const char *region, int64_t user_id, int64_t starts,
                   int64_t ends, struct zq_err *err) ZQ_WUR;

/* A notification for a user about a subject. */
int store_notify(struct store *st, int64_t user_id, const char *kind, const char *subject_type,
                 const char *subject_code, const char *message, int64_t now,
                 struct zq_err *err) ZQ_WUR;

#endif
