/*
 * tokens.h - API tokens for enterprise and bank systems (SPEC §9, §10):
 * `zhiqian token add --role enterprise|bank --subject USCC|BANK|ACCOUNT`
 * and the administration API.  A token is shown once, when it is made; the
 * database keeps only its hash.  Creating and revoking are audited.
 */
#ifndef ZQ_SVC_TOKENS_H
#define ZQ_SVC_TOKENS_H

#include <stdint.h>

#include "core/err.h"
#include "svc/app.h"

#define TOKEN_SECRET_LEN 64 /* "zqt_" + 43 characters, and a NUL, with room */

/*
 * Make a token.  role "enterprise": subject is the enterprise's USCC
 * (normalised; the enterprise may be imported later).  role "bank": subject
 * is the bank's name as written in the accounts' `bank` column (a prefix
 * covers every branch: "中国农业银行" covers "中国农业银行杭州西湖支行"), or
 * one wage account's number (8-32 digits), kept only as a keyed hash with
 * the masked number as subject.  label may be NULL.  created_by: the user id
 * (0 on the command line); actor: who, for the audit log.  secret gets the
 * token (shown once), *id its id, subject_out (129 bytes) the subject as
 * stored.
 */
int tokens_add(struct app *a, const char *role, const char *subject, const char *label,
               int64_t created_by, const char *actor, char secret[TOKEN_SECRET_LEN], int64_t *id,
               char subject_out[129], struct zq_err *err) ZQ_WUR;

/* Revoke a token: ZQ_ENOTFOUND when there is no such token, ZQ_ECONFLICT
 * when it was revoked already. */
int tokens_revoke(struct app *a, int64_t id, const char *actor, struct zq_err *err) ZQ_WUR;

#endif
