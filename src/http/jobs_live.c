/*
 * jobs_live.c - the progress of the API imports running in this process.
 *
 * An import holds its database transaction (and, on SQLite, the write lock)
 * until it ends, so its progress cannot be written to import_jobs while it
 * runs; the import thread records it here instead, and GET /api/v1/jobs[/{id}]
 * lays it over the `running` row.  A server process sees its own imports'
 * progress; another process sharing the database sees the row as recorded
 * (running, no counts yet) until the import ends.
 */
#include "http/http_int.h"

#include <pthread.h>
#include <string.h>

#include "core/alloc.h"

#define LIVE_SLOTS 64

struct jobs_live {
    pthread_mutex_t mu;
    struct {
        int64_t id; /* 0: free */
        uint64_t done, total;
        int64_t rows;
    } slot[LIVE_SLOTS];
};

struct jobs_live *
jobs_live_new(void)
{
    struct jobs_live *l = zq_calloc(1, sizeof *l);

    pthread_mutex_init(&l->mu, NULL);
    return l;
}

void
jobs_live_free(struct jobs_live *l)
{
    if (l == NULL)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l);
}

void
jobs_live_set(struct jobs_live *l, int64_t id, uint64_t done, uint64_t total, int64_t rows)
{
    int free_slot = -1, i;

    if (l == NULL || id <= 0)
        return;
    pthread_mutex_lock(&l->mu);
    for (i = 0; i < LIVE_SLOTS && l->slot[i].id != id; i++)
        if (free_slot < 0 && l->slot[i].id == 0)
            free_slot = i;
    if (i == LIVE_SLOTS)
        i = free_slot; /* -1 when every slot is taken: the progress is not shown */
    if (i >= 0) {
        l->slot[i].id = id;
        l->slot[i].done = done;
        l->slot[i].total = total;
        l->slot[i].rows = rows;
    }
    pthread_mutex_unlock(&l->mu);
}

void
jobs_live_end(struct jobs_live *l, int64_t id)
{
    if (l == NULL)
        return;
    pthread_mutex_lock(&l->mu);
    for (int i = 0; i < LIVE_SLOTS; i++)
        if (l->slot[i].id == id)
            memset(&l->slot[i], 0, sizeof l->slot[i]);
    pthread_mutex_unlock(&l->mu);
}

void
jobs_live_overlay(struct jobs_live *l, json_t *job)
{
    const char *status = json_string_value(json_object_get(job, "status"));
    json_int_t id = json_integer_value(json_object_get(job, "id"));

    if (l == NULL || status == NULL || strcmp(status, "running") != 0)
        return;
    pthread_mutex_lock(&l->mu);
    for (int i = 0; i < LIVE_SLOTS; i++) {
        if (l->slot[i].id != id)
            continue;
        json_object_set_new(job, "rows_total", json_integer(l->slot[i].rows));
        json_object_set_new(job, "bytes_done", json_integer((json_int_t)l->slot[i].done));
        json_object_set_new(job, "bytes_total", json_integer((json_int_t)l->slot[i].total));
        json_object_set_new(
            job, "progress",
            json_integer(
                l->slot[i].total > 0 ? (json_int_t)(l->slot[i].done * 100 / l->slot[i].total) : 0));
        break;
    }
    pthread_mutex_unlock(&l->mu);
}
