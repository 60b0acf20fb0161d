/*
 * http.h - the HTTP/JSON front door (SPEC §11): `zhiqian serve`.
 *
 * libmicrohttpd with an epoll thread pool; each pool thread keeps its own
 * struct app (one database connection with its prepared statements) and a
 * session cache.  The route table is in routes.c; handlers parse,
 * authorise, call a service of svc/ and render JSON.
 */
#ifndef ZQ_HTTP_HTTP_H
#define ZQ_HTTP_HTTP_H

#include <stdint.h>

#include "core/config.h"
#include "core/err.h"

struct http_server;

/* Start serving on config "server.listen" ("ADDR:PORT", port 0 for any free
 * one) with the web UI from config "server.web_dir" ("" for none).  The
 * database must exist with a current schema.  cfg must outlive the server.
 * Signals SIGTERM, SIGINT and SIGHUP are blocked in the calling thread (and
 * so in the server's threads) for http_server_wait(). */
int http_server_start(const struct config *cfg, struct http_server **out,
                      struct zq_err *err) ZQ_WUR;
/* The port actually bound. */
uint16_t http_server_port(const struct http_server *s);
/* Wait for SIGTERM or SIGINT, then stop accepting connections, let running
 * requests finish (at most config "server.shutdown_seconds") and stop. */
void http_server_wait(struct http_server *s);
/* Stop at once (if still running) and release everything; NULL does nothing. */
void http_server_free(struct http_server *s);

#endif
