/*
 * cli_json.c - see cli_json.h.  Tables pad by display width (cli_out.h) and
 * cut cells at 40 columns so one long text does not push the rest away.
 */
#include "cli/cli_json.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli_out.h"
#include "svc/auth.h"

#define MAX_COLS  40
#define CELL_WIDE 40

/* The text of a value (owned by the caller: free()). */
static char *
cell(const json_t *v)
{
    char buf[64];

    if (v == NULL || json_is_null(v))
        return strdup("");
    if (json_is_string(v))
        return strdup(json_string_value(v));
    if (json_is_integer(v)) {
        snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
        return strdup(buf);
    }
    if (json_is_boolean(v))
        return strdup(json_is_true(v) ? "true" : "false");
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

/* Cut s to at most w display columns (in place, at a character boundary). */
static void
cut(char *s, int w)
{
    size_t i = 0;
    int cols = 0;

    while (s[i] != '\0') {
        size_t n = 1;
        char c[8];
        while ((s[i + n] & 0xC0) == 0x80 && n < 4)
            n++;
        memcpy(c, s + i, n);
        c[n] = '\0';
        cols += cli_width(c);
        if (cols > w) {
            s[i] = '\0';
            return;
        }
        i += n;
    }
}

static int
column_names(const json_t *items, const char *const *cols, const char **names)
{
    int n = 0;
    const char *key;
    const json_t *v;

    if (cols != NULL) {
        for (; n < MAX_COLS && cols[n] != NULL; n++)
            names[n] = cols[n];
        return n;
    }
    json_object_foreach((json_t *)json_array_get(items, 0), key, v)
    {
        (void)v;
        if (n < MAX_COLS)
            names[n++] = key;
    }
    return n;
}

void
cli_json_items(const json_t *items, int format, const char *const *cols)
{
    const char *names[MAX_COLS];
    int n, width[MAX_COLS];
    size_t i;

    if (format == CLI_JSON) {
        char *s = json_dumps(items, JSON_INDENT(2));
        puts(s ? s : "[]");
        free(s);
        return;
    }
    n = column_names(items, cols, names);
    for (int c = 0; c < n; c++)
        width[c] = cli_width(names[c]);
    for (i = 0; format == CLI_TABLE && i < json_array_size(items); i++)
        for (int c = 0; c < n; c++) {
            char *t = cell(json_object_get(json_array_get(items, i), names[c]));
            int w;
            cut(t, CELL_WIDE);
            w = cli_width(t);
            if (w > width[c])
                width[c] = w;
            free(t);
        }
    for (int c = 0; c < n; c++) {
        if (format == CLI_CSV) {
            if (c)
                fputc(',', stdout);
            cli_csv_field(stdout, names[c]);
        } else {
            cli_pad(stdout, names[c], c + 1 < n ? width[c] + 2 : 0);
        }
    }
    fputc('\n', stdout);
    for (i = 0; i < json_array_size(items); i++) {
        for (int c = 0; c < n; c++) {
            char *t = cell(json_object_get(json_array_get(items, i), names[c]));
            if (format == CLI_CSV) {
                if (c)
                    fputc(',', stdout);
                cli_csv_field(stdout, t);
            } else {
                cut(t, CELL_WIDE);
                cli_pad(stdout, t, c + 1 < n ? width[c] + 2 : 0);
            }
            free(t);
        }
        fputc('\n', stdout);
    }
    if (format == CLI_TABLE)
        printf("共 %zu 条\n", json_array_size(items));
}

void
cli_json_object(const json_t *o, int format)
{
    const char *key;
    const json_t *v;

    if (format == CLI_JSON) {
        char *s = json_dumps(o, JSON_INDENT(2));
        puts(s ? s : "{}");
        free(s);
        return;
    }
    json_object_foreach((json_t *)o, key, v)
    {
        char *t = cell(v);
        printf("%s: %s\n", key, t);
        free(t);
    }
}

const char *
cli_opt(int argc, char **argv, int from, const char *name)
{
    for (int i = from; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 ? argv[i + 1] : "";
    return NULL;
}

static bool
listed(const char *list, const char *name)
{
    size_t n = strlen(name);

    for (const char *p = list; p != NULL && (p = strstr(p, name)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

const char *
cli_opt_check(int argc, char **argv, int from, const char *allowed, const char *flags)
{
    int i = from;

    while (i < argc) {
        if (strncmp(argv[i], "--", 2) != 0 || !listed(allowed, argv[i]))
            return argv[i];
        if (flags == NULL || !listed(flags, argv[i])) {
            if (i + 1 >= argc)
                return argv[i];
            i++; /* its value */
        }
        i++;
    }
    return NULL;
}

const char *
cli_opt_check_sub(int argc, char **argv, const char *allowed, const char *flags)
{
    int from = argc > 2 && strncmp(argv[2], "--", 2) != 0 ? 3 : 2;

    return cli_opt_check(argc, argv, from, allowed, flags);
}

void
cli_who(struct credit_who *w, const char *region)
{
    const struct passwd *pw = getpwuid(getuid());
    char actor[96];

    snprintf(actor, sizeof actor, "cli:%s",
             pw != NULL && pw->pw_name != NULL ? pw->pw_name : "unknown");
    credit_who_all(w, actor);
    if (region != NULL && region[0] != '\0') {
        auth_region_range(region, w->lo, w->hi);
        snprintf(w->region, sizeof w->region, "%s", region);
    }
}
