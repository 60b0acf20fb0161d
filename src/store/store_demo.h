/*
 * store_demo.h - what `zhiqian demo` writes besides imports: its accounts.
 */
#ifndef ZQ_STORE_STORE_DEMO_H
#define ZQ_STORE_STORE_DEMO_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"
#include "store/store.h"

/* Create a user unless the username exists (*created false then).
 * password_hash: an argon2id string; dept and enterprise_uscc may be NULL. */
int store_demo_user(struct store *st, const char *username, const char *password_hash,
                    const char *role, const char *region, const char *dept,
                    const char *enterprise_uscc, const char *display_name, int64_t now,
                    bool *created, struct zq_err *err) ZQ_WUR;

/* The USCC of the general contractor of the project with the most open red
 * and orange warnings (out[0] = '\0' when there is none). */
int store_demo_contractor(struct store *st, char out[19], struct zq_err *err) ZQ_WUR;

#endif
