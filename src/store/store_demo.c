/*
 * store_demo.c - the demo's accounts and a pick of a contractor for the
 * enterprise account.
 */
#include "store/store_demo.h"

#include <stdio.h>

#include "store/store_int.h"

static const char SQL_USER[] =
    "INSERT INTO users (username, password_hash, role, region_code, dept, enterprise_id, "
    "display_name, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, "
    "(SELECT id FROM enterprises WHERE uscc = $6), $7, $8, $8) "
    "ON CONFLICT (username) DO NOTHING";
static const char SQL_CONTRACTOR[] =
    "SELECT e.uscc FROM warnings w JOIN projects p ON p.id = w.project_id "
    "JOIN enterprises e ON e.id = p.contractor_id "
    "WHERE w.status NOT IN ('resolved', 'dismissed') AND w.level IN ('red', 'orange') "
    "GROUP BY e.id, e.uscc ORDER BY count(*) DESC, e.id LIMIT 1";

int
store_demo_user(struct store *st, const char *username, const char *password_hash, const char *role,
                const char *region, const char *dept, const char *enterprise_uscc,
                const char *display_name, int64_t now, bool *created, struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    *created = false;
    if ((rc = store_prepare(st, SQL_USER, &s, err)) < 0)
        return rc;
    if (store_bind_text(s, 1, username, (size_t)-1) < 0 ||
        store_bind_text(s, 2, password_hash, (size_t)-1) < 0 ||
        store_bind_text(s, 3, role, (size_t)-1) < 0 ||
        store_bind_text(s, 4, region, (size_t)-1) < 0 ||
        store_bind_text(s, 5, dept, (size_t)-1) < 0 ||
        store_bind_text(s, 6, enterprise_uscc, (size_t)-1) < 0 ||
        store_bind_text(s, 7, display_name, (size_t)-1) < 0 || store_bind_int(s, 8, now) < 0) {
        store_stmt_done(s);
        return zq_err_set(err, ZQ_EINTERNAL, "绑定参数失败");
    }
    if ((rc = store_run(s, err)) < 0)
        return rc;
    *created = store_changes(st) == 1;
    return 0;
}

int
store_demo_contractor(struct store *st, char out[19], struct zq_err *err)
{
    struct store_stmt *s;
    int rc;

    out[0] = '\0';
    if ((rc = store_prepare(st, SQL_CONTRACTOR, &s, err)) < 0)
        return rc;
    rc = store_step(s, err);
    if (rc == STORE_ROW)
        snprintf(out, 19, "%s", store_column_text(s, 0, NULL));
    store_stmt_done(s);
    return rc < 0 ? rc : 0;
}
