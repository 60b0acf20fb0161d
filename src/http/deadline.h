/*
 * deadline.h - server.request_timeout: a client that sends its headers or
 * body a byte at a time keeps libmicrohttpd's idle timer fresh for ever;
 * this watchdog answers it 408 and closes the connection once the request
 * has taken longer than the limit to arrive.
 */
#ifndef ZQ_HTTP_DEADLINE_H
#define ZQ_HTTP_DEADLINE_H

#include <microhttpd.h>
#include <stdint.h>

struct deadline;

/* A watchdog thread enforcing `seconds` on receiving a request.  Owned by the
 * caller; deadline_free(NULL) does nothing.  NULL when the thread cannot
 * be started (the idle timeout still applies). */
struct deadline *deadline_new(int64_t seconds);
void deadline_free(struct deadline *dl);

/* MHD_OPTION_NOTIFY_CONNECTION callback (cls: the struct deadline): puts
 * each connection under watch from its accept until it is closed. */
void deadline_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                     enum MHD_ConnectionNotificationCode toe);

/* The connection's current request has arrived in full or is answered
 * already (stop the clock), or its answer has been sent (start it for the
 * next request). */
void deadline_received(struct deadline *dl, struct MHD_Connection *c);
void deadline_restart(struct deadline *dl, struct MHD_Connection *c);

#endif
