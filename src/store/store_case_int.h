/*
 * store_case_int.h - private to store_case*.c: the scope of cases and clues
 * in SQL, and reading integers that PostgreSQL may give as numeric text.
 */
#ifndef ZQ_STORE_STORE_CASE_INT_H
#define ZQ_STORE_STORE_CASE_INT_H

#include <stdint.h>

#include "store/store.h"

/* The scope over cases aliased c, with the four scope parameters $1..$4 of
 * store_query_int.h: the case's region in [$1, $2]; a department officer
 * ($3 an industry) sees the cases of its industry's projects; an enterprise
 * ($4) the cases where it is the debtor or a party of the liable chain. */
#define SCOPE_C(c)                                                                              \
    c ".region_code BETWEEN $1 AND $2 AND ($3 = '' OR EXISTS (SELECT 1 FROM projects px "       \
      "WHERE px.id = " c ".project_id AND px.industry = $3)) AND (CAST($4 AS BIGINT) = 0 OR " c \
      ".debtor_id = $4 OR EXISTS (SELECT 1 FROM case_parties cx WHERE cx.case_id = " c          \
      ".id AND cx.enterprise_id = $4))"
/* The same over clues aliased k: an enterprise sees those naming it. */
#define SCOPE_K(k)                                                                              \
    k ".region_code BETWEEN $1 AND $2 AND ($3 = '' OR EXISTS (SELECT 1 FROM projects px "       \
      "WHERE px.id = " k ".project_id AND px.industry = $3)) AND (CAST($4 AS BIGINT) = 0 OR " k \
      ".respondent_id = $4)"

/* An integer column value (INT, or numeric given as TEXT); 0 otherwise. */
int64_t sc_iv(const struct store_val *v);

#endif
