/*
 * log.h - levelled logging to standard error.
 *
 * Never log secrets, tokens, passwords or personal data in clear: callers mask
 * first.  The level is process-wide configuration set once at start-up from
 * the config file or ZHIQIAN_LOG; it is the only mutable global and is read
 * without locking (a torn read only changes which lines appear).
 */
#ifndef ZQ_CORE_LOG_H
#define ZQ_CORE_LOG_H

#include "core/err.h"

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_OFF };

void log_set_level(enum log_level lv);
/* "debug", "info", "warn", "error", "off"; returns -1 when unknown */
int log_level_parse(const char *name);
void log_msg(enum log_level lv, const char *file, int line, const char *fmt, ...) ZQ_PRINTF(4, 5);
_Noreturn void log_fatal_at(const char *file, int line, const char *fmt, ...) ZQ_PRINTF(3, 4);

#define log_debug(...) log_msg(LOG_DEBUG, __FILE__, __LINE__, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __FILE__, __LINE__, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __FILE__, __LINE__, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __FILE__, __LINE__, __VA_ARGS__)
/* For states where continuing would corrupt data. */
#define log_fatal(...) log_fatal_at(__FILE__, __LINE__, __VA_ARGS__)

#endif
