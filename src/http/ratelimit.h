/*
 * ratelimit.h - private to http/: a fixed-window request limit per client
 * for the public routes that read the database without authentication (the
 * public blacklist query).  Clients are hashed into a fixed table, so the
 * memory is bounded whatever the number of clients; two clients sharing a
 * slot share its budget, which errs on the side of refusing.
 */
#ifndef ZQ_HTTP_RATELIMIT_H
#define ZQ_HTTP_RATELIMIT_H

#include <stdbool.h>
#include <stdint.h>

struct ratelimit;

/* At most max requests per client in each window of `window` seconds. */
struct ratelimit *ratelimit_new(int max, int window);
void ratelimit_free(struct ratelimit *rl);
/* Count one request of client at time now; false when over the limit. */
bool ratelimit_allow(struct ratelimit *rl, const char *client, int64_t now);

#endif
