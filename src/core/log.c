/*
 * log.c - one line per message: UTC timestamp, level, source position, text.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum log_level min_level = LOG_WARN;

void
log_set_level(enum log_level lv)
{
    min_level = lv;
}

int
log_level_parse(const char *name)
{
    static const char *const names[] = { "debug", "info", "warn", "error", "off" };

    for (int i = 0; i < 5; i++)
        if (strcmp(name, names[i]) == 0)
            return i;
    return -1;
}

static void
vlog(const char *tag, const char *file, int line, const char *fmt, va_list ap)
{
    char ts[32], text[2048];
    struct timespec now;
    struct tm tm;

    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &tm);
    strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
    vsnprintf(text, sizeof(text), fmt, ap);
    fprintf(stderr, "%s.%03ldZ %s %s:%d %s\n", ts, now.tv_nsec / 1000000, tag, file, line, text);
}

void
log_msg(enum log_level lv, const char *file, int line, const char *fmt, ...)
{
    static const char *const tags[] = { "DEBUG", "INFO", "WARN", "ERROR", "OFF" };
    va_list ap;

    if (lv < min_level || lv >= LOG_OFF)
        return;
    va_start(ap, fmt);
    vlog(tags[lv], file, line, fmt, ap);
    va_end(ap);
}

void
log_fatal_at(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vlog("FATAL", file, line, fmt, ap);
    va_end(ap);
    abort();
}
