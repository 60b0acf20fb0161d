/*
 * audit.h - the tamper-evident audit log (SPEC §9): every state change is
 * recorded (who, when, what, before/after) in an append-only table whose
 * entries are chained by BLAKE2b-256 hashes, and audit_verify() finds the
 * first entry that was edited, deleted or forged.  The format is described
 * in docs/audit.md.
 */
#ifndef ZQ_SVC_AUDIT_H
#define ZQ_SVC_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store_audit.h"
#include "svc/app.h"

#define AUDIT_HASH_LEN STORE_AUDIT_HASH_LEN
#define AUDIT_HEX_LEN  (2 * AUDIT_HASH_LEN + 1) /* lower-case hex and a NUL */

/* Record one state change, at ts_now(), in the province of config
 * "province".  actor: who ("user:zhang", "token:17", "cli:root", "system");
 * action: what was done ("create", "update", "delete", "login", ...); entity
 * and entity_id: what it was done to ("project", "P-2026-001"); before_json
 * and after_json: the entity's state as JSON text before and after (NULL
 * when there is none: nothing before a create, nothing after a delete).
 * entity_id, before_json and after_json may be NULL; the others must be
 * non-empty.  All text must be UTF-8.  The caller owns every argument.
 *
 * Runs inside whatever transaction the caller has open (as a savepoint), so
 * the entry is committed or rolled back with the change it describes; with
 * none open it commits on its own.  From this call until the caller's
 * transaction ends every other appender waits, so call it as the last write
 * before committing.  ZQ_EINVAL for bad arguments, ZQ_EDB/ZQ_ECONFLICT when
 * the store fails; nothing is appended then. */
int audit_append(struct app *a, const char *actor, const char *action, const char *entity,
                 const char *entity_id, const char *before_json, const char *after_json,
                 struct zq_err *err) ZQ_WUR;

enum audit_break {
    AUDIT_INTACT = 0,
    AUDIT_EDITED,         /* an entry's fields do not give its stored hash */
    AUDIT_UNLINKED,       /* an entry's prev_hash is not the previous entry's hash */
    AUDIT_MISSING,        /* a seq is missing: entries were deleted */
    AUDIT_ANCHOR_MISSING, /* the chain holds, but not the expected head hash */
};

struct audit_verify_result {
    int64_t entries;                    /* entries found intact, from seq 1 on */
    int64_t head_seq;                   /* the last intact entry; 0 for none */
    unsigned char head[AUDIT_HASH_LEN]; /* its hash; 32 zero bytes (genesis) for none */
    enum audit_break broken;            /* AUDIT_INTACT when the whole log holds */
    int64_t broken_seq;                 /* the first bad entry; 0 if intact or anchor missing */
    char reason[384];                   /* why, in Chinese; "" when intact */
};

/* Walk the whole log in seq order and stop at the first broken link.
 * Returns 0 when the check ran (res tells whether the log is intact) or a
 * negative error when the store failed. */
int audit_verify(struct app *a, struct audit_verify_result *res, struct zq_err *err) ZQ_WUR;

/* audit_verify(), and in addition require an entry whose hash is
 * expect_head (a head printed by an earlier verify and kept elsewhere):
 * without it an attacker who can write to the database could delete or
 * rewrite the end of the chain undetected.  expect_head NULL: no anchor. */
int audit_verify_anchored(struct app *a, const unsigned char *expect_head,
                          struct audit_verify_result *res, struct zq_err *err) ZQ_WUR;

/* The hash of entry r chained to r->prev_hash (see docs/audit.md). */
void audit_entry_hash(const struct store_audit_row *r, unsigned char out[AUDIT_HASH_LEN]);

/* Hex of a hash into out (lower case); returns out. */
const char *audit_hex(const unsigned char h[AUDIT_HASH_LEN], char out[AUDIT_HEX_LEN]);
/* Parse 64 hex digits (either case); ZQ_EINVAL otherwise. */
int audit_parse_hex(const char *s, unsigned char out[AUDIT_HASH_LEN], struct zq_err *err) ZQ_WUR;

#endif
