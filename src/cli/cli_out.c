/*
 * cli_out.c - output helpers for the report commands: padding by display
 * width, CSV fields and JSON strings.  Nothing is allocated.
 */
#include "cli/cli_out.h"

#include <string.h>

/* Decode one UTF-8 character at s; *len gets its byte length (1 for a
 * malformed byte, which then counts one column). */
static unsigned
utf8_next(const unsigned char *s, int *len)
{
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
        *len = 2;
        return ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    }
    if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
        *len = 3;
        return ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    }
    if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
        (s[3] & 0xC0) == 0x80) {
        *len = 4;
        return ((s[0] & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
               (s[3] & 0x3Fu);
    }
    *len = 1;
    return s[0];
}

/* The wide ranges that matter here: Hangul Jamo, CJK, full-width forms. */
static int
cols(unsigned c)
{
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
        (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
        (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

int
cli_width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int w = 0, len;

    while (*p) {
        w += cols(utf8_next(p, &len));
        p += len;
    }
    return w;
}

void
cli_pad(FILE *f, const char *s, int width)
{
    int w = cli_width(s);

    fputs(s, f);
    for (; w < width; w++)
        fputc(' ', f);
}

void
cli_csv_field(FILE *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void
cli_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"':
            fputs("\\\"", f);
            break;
        case '\\':
            fputs("\\\\", f);
            break;
        case '\n':
            fputs("\\n", f);
            break;
        case '\r':
            fputs("\\r", f);
            break;
        case '\t':
            fputs("\\t", f);
            break;
        default:
            if (*p < 0x20)
                fprintf(f, "\\u%04x", *p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

int
cli_format_parse(const char *s)
{
    if (strcmp(s, "table") == 0)
        return CLI_TABLE;
    if (strcmp(s, "csv") == 0)
        return CLI_CSV;
    if (strcmp(s, "json") == 0)
        return CLI_JSON;
    return -1;
}
