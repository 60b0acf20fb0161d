/*
 * store_audit.h - persistence of the hash-chained audit log (table audit_log
 * of migration 0001).
 *
 * The store only moves rows: it serialises appenders, reads the chain's last
 * entry, inserts entries and walks them in seq order.  Computing and checking
 * hashes is svc/audit.c's business.
 */
#ifndef ZQ_STORE_STORE_AUDIT_H
#define ZQ_STORE_STORE_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/err.h"
#include "core/str.h"
#include "store/store.h"

#define STORE_AUDIT_HASH_LEN 32

/* One entry.  A text field whose p is NULL is SQL NULL (only entity_id,
 * before_json and after_json may be).  The hashes are byte strings of
 * whatever length is stored (STORE_AUDIT_HASH_LEN when intact). */
struct store_audit_row {
    int64_t seq; /* 1, 2, 3 ... without gaps */
    int64_t at;  /* unix seconds */
    struct str province, actor, action, entity, entity_id, before_json, after_json;
    const unsigned char *prev_hash;
    size_t prev_len;
    const unsigned char *hash;
    size_t hash_len;
};

/* Inside the caller's transaction (ZQ_EINTERNAL when none is open): keep
 * every other appender out until that transaction ends, then read the last
 * entry.  *seq gets its seq and hash[] its hash, or 0 and 32 zero bytes for an
 * empty log.  ZQ_EINVAL when the stored hash is not STORE_AUDIT_HASH_LEN
 * bytes (the log was tampered with: appending to it would hide that). */
int store_audit_tail(struct store *st, int64_t *seq, unsigned char hash[STORE_AUDIT_HASH_LEN],
                     struct zq_err *err) ZQ_WUR;

/* Insert one entry as given (the caller computed seq and the hashes, under
 * the lock store_audit_tail took).  ZQ_ECONFLICT when seq exists already. */
int store_audit_insert(struct store *st, const struct store_audit_row *r,
                       struct zq_err *err) ZQ_WUR;

/* Called once per entry with seq > after, in seq order; the row is valid
 * during the call only and the callback must not use the store.  A non-zero
 * return stops the walk: a negative one (the callback fills the error
 * itself) is returned by store_audit_each(), a positive one gives 0.  Rows
 * are read in pages, so memory stays bounded however long the log is. */
typedef int (*store_audit_fn)(void *ctx, const struct store_audit_row *r);
int store_audit_each(struct store *st, int64_t after, store_audit_fn fn, void *ctx,
                     struct zq_err *err) ZQ_WUR;

#endif
