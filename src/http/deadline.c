/*
 * deadline.c - the request watchdog (see deadline.h).
 *
 * libmicrohttpd's connection timeout counts from the last byte received,
 * so a slow client trickling its headers or its body one byte a second
 * would hold a connection (and, a thousand times over, the server) for
 * ever; and an answer cannot be queued while a body is still arriving.
 * Each connection is registered here from its accept (MHD_OPTION_NOTIFY_
 * CONNECTION) with the time its current request started (the accept, or
 * the end of the previous answer on a kept-alive connection); a thread
 * looks four times a second and, for a request not received completely
 * within server.request_timeout, writes a 408 answer and shuts the socket
 * down, which the daemon then sees as the client leaving and cleans up as
 * usual.  Nothing else writes to the socket then: the daemon only writes
 * answers, and the request has none yet.
 *
 * Ownership: the struct deadline owns the thread and the list of watched
 * connections; each entry is made at accept and freed at close, both under
 * the lock.  libmicrohttpd calls the close notification before closing the
 * socket, so the watchdog (which only touches a socket under the lock)
 * never shuts down a descriptor that has been reused.
 */
#include "http/deadline.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "core/alloc.h"
#include "core/log.h"

struct watched {
    struct watched *prev, *next;
    int fd;
    bool in_head;  /* waiting for (the rest of) a request: headers or body */
    int64_t since; /* monotonic ms when the current request started */
    bool cut;      /* answered 408 and shut down already */
};

struct deadline {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    bool stop;
    int64_t limit_ms;
    struct watched *head;
    char answer[256]; /* the 408 written to a client cut off */
    size_t answer_len;
};

static const char BODY_408[] =
    "{\"error\":{\"code\":\"request_timeout\",\"message\":\"请求发送超时，连接已关闭\"}}\n";

static int64_t
now_ms(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void
cut(const struct deadline *dl, struct watched *w)
{
    /* best effort: the client may not be reading, never block for it */
    if (send(w->fd, dl->answer, dl->answer_len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0)
        log_debug("未能向发送过慢的客户端写出 408 应答：%s", strerror(errno));
    shutdown(w->fd, SHUT_RDWR);
    w->cut = true;
}

static void *
watch(void *arg)
{
    struct deadline *dl = arg;
    struct timespec until;

    pthread_mutex_lock(&dl->mu);
    while (!dl->stop) {
        int64_t now = now_ms();

        for (struct watched *w = dl->head; w != NULL; w = w->next)
            if (w->in_head && !w->cut && now - w->since > dl->limit_ms)
                cut(dl, w);
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 250 * 1000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&dl->cv, &dl->mu, &until);
    }
    pthread_mutex_unlock(&dl->mu);
    return NULL;
}

struct deadline *
deadline_new(int64_t seconds)
{
    struct deadline *dl = zq_calloc(1, sizeof *dl);
    int n;

    dl->limit_ms = seconds * 1000;
    n = snprintf(dl->answer, sizeof dl->answer,
                 "HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json; charset=utf-8\r\n"
                 "Connection: close\r\nContent-Length: %zu\r\n\r\n%s",
                 sizeof BODY_408 - 1, BODY_408);
    dl->answer_len = n > 0 && (size_t)n < sizeof dl->answer ? (size_t)n : 0;
    pthread_mutex_init(&dl->mu, NULL);
    pthread_cond_init(&dl->cv, NULL);
    if (pthread_create(&dl->thread, NULL, watch, dl) != 0) {
        pthread_cond_destroy(&dl->cv);
        pthread_mutex_destroy(&dl->mu);
        zq_free(dl);
        return NULL;
    }
    return dl;
}

void
deadline_free(struct deadline *dl)
{
    if (dl == NULL)
        return;
    pthread_mutex_lock(&dl->mu);
    dl->stop = true;
    pthread_cond_signal(&dl->cv);
    pthread_mutex_unlock(&dl->mu);
    pthread_join(dl->thread, NULL);
    /* the daemon is stopped first: every connection was closed and freed */
    while (dl->head != NULL) {
        struct watched *w = dl->head;
        dl->head = w->next;
        zq_free(w);
    }
    pthread_cond_destroy(&dl->cv);
    pthread_mutex_destroy(&dl->mu);
    zq_free(dl);
}

void
deadline_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                enum MHD_ConnectionNotificationCode toe)
{
    struct deadline *dl = cls;
    struct watched *w = *socket_context;
    const union MHD_ConnectionInfo *ci;

    if (dl == NULL)
        return;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (ci == NULL)
            return;
        w = zq_calloc(1, sizeof *w);
        w->fd = ci->connect_fd;
        w->in_head = true;
        w->since = now_ms();
        pthread_mutex_lock(&dl->mu);
        w->next = dl->head;
        if (dl->head != NULL)
            dl->head->prev = w;
        dl->head = w;
        pthread_mutex_unlock(&dl->mu);
        *socket_context = w;
        return;
    }
    if (w == NULL)
        return;
    pthread_mutex_lock(&dl->mu);
    if (w->prev != NULL)
        w->prev->next = w->next;
    else
        dl->head = w->next;
    if (w->next != NULL)
        w->next->prev = w->prev;
    pthread_mutex_unlock(&dl->mu);
    zq_free(w);
    *socket_context = NULL;
}

static void
mark(struct deadline *dl, struct MHD_Connection *c, bool in_head)
{
    const union MHD_ConnectionInfo *ci;
    struct watched *w;

    if (dl == NULL ||
        (ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT)) == NULL ||
        (w = ci->socket_context) == NULL)
        return;
    pthread_mutex_lock(&dl->mu);
    w->in_head = in_head;
    w->since = now_ms();
    pthread_mutex_unlock(&dl->mu);
}

void
deadline_received(struct deadline *dl, struct MHD_Connection *c)
{
    mark(dl, c, false);
}

void
deadline_restart(struct deadline *dl, struct MHD_Connection *c)
{
    mark(dl, c, true);
}
