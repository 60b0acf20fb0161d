/*
 * ratelimit.c - see ratelimit.h.  One mutex: the public routes are cheap
 * and rare next to the staff API, and a slot update is a few instructions.
 */
#include "http/ratelimit.h"

#include <pthread.h>
#include <string.h>

#include "core/alloc.h"
#include "core/strmap.h"

#define SLOTS 4096

struct slot {
    int64_t window_start;
    int count;
};

struct ratelimit {
    pthread_mutex_t mu;
    int max, window;
    struct slot slots[SLOTS];
};

struct ratelimit *
ratelimit_new(int max, int window)
{
    struct ratelimit *rl = zq_calloc(1, sizeof *rl);

    pthread_mutex_init(&rl->mu, NULL);
    rl->max = max > 0 ? max : 1;
    rl->window = window > 0 ? window : 60;
    return rl;
}

void
ratelimit_free(struct ratelimit *rl)
{
    if (rl == NULL)
        return;
    pthread_mutex_destroy(&rl->mu);
    zq_free(rl);
}

bool
ratelimit_allow(struct ratelimit *rl, const char *client, int64_t now)
{
    struct slot *s = &rl->slots[strmap_hash(client, strlen(client)) % SLOTS];
    int64_t start = now - now % rl->window;
    bool ok;

    pthread_mutex_lock(&rl->mu);
    if (s->window_start != start) {
        s->window_start = start;
        s->count = 0;
    }
    ok = s->count < rl->max;
    if (ok)
        s->count++;
    pthread_mutex_unlock(&rl->mu);
    return ok;
}
