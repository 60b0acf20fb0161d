/*
 * store_import_int.h - private to store_import.c and store_stage.c: the
 * column lists of the import tables and the SQL built from them.
 */
#ifndef ZQ_STORE_STORE_IMPORT_INT_H
#define ZQ_STORE_STORE_IMPORT_INT_H

#include <stdbool.h>

#include "store/store_import.h"

#define K 1u /* part of the natural key (keys come first) */
#define I 2u /* insert only */
#define E 4u /* sealed: not compared, updated with the row */

struct col {
    const char *name;
    unsigned flags;
};

struct tdef {
    const char *table;
    const char *conflict; /* the natural key's columns, as in the UNIQUE constraint */
    bool ts;              /* has created_at / updated_at */
    const struct col *cols;
    int ncols;
    int nkeys;
    char ins[1536];
    char sel[1024];
    char upd[1536];
    char max[128];
    char many[24576]; /* insert of SIMP_CHUNK rows at once */
    /* Staged merges (store_stage.c), built on first use. */
    char st_create[2048];
    char st_existing[4096];
    char st_drop[256];
    char st_insert[2048];
    char st_update[4096];
    char st_truncate[128];
    char st_name[64];
};

/* Build the staged-merge statements of d (store_stage.c). */
void simp_stage_build(struct tdef *d);

/* Merge one worker-month a into the stored days0/hours (hours updated in
 * place; had_hours: whether a stored hours array exists).  *days gets the
 * merged days, *new_days the days a adds, *upd_days the present days whose
 * hours change.  Returns whether anything changed. */
bool simp_att_merge(const struct simp_att *a, uint32_t days0, uint8_t hours[31], bool had_hours,
                    uint32_t *days, int *new_days, int *upd_days);

/* Append printf output to a fixed buffer (asserts that it fits). */
void simp_cat(char *buf, size_t cap, const char *fmt, ...) ZQ_PRINTF(3, 4);

/* The project-month totals over every pair in zq_stage_pm; $1 = now. */
extern const char simp_sql_tot_att_staged[];
extern const char simp_sql_tot_pay_staged[];
extern const char simp_sql_tot_txn_staged[];

/* The table's definition, its statements built (thread-safe, once). */
struct tdef *simp_tdef(enum simp_table t);

#endif
