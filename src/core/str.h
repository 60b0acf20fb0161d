/*
 * str.h - length-carrying string slices and capped growable buffers.
 *
 * A struct str never owns its bytes.  A struct buf owns its bytes and refuses
 * to grow past the cap it was given (curl's dynbuf): input can never make the
 * process grow without bound.
 */
#ifndef ZQ_CORE_STR_H
#define ZQ_CORE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/err.h"

struct str {
    const char *p;
    size_t len;
};

#define STR_LIT(s) ((struct str){ (s), sizeof(s) - 1 })

struct str str_from(const char *s);
bool str_eq(struct str a, struct str b);
bool str_eq_cstr(struct str a, const char *b);
/* Remove ASCII white space (and U+3000 ideographic space) from both ends. */
struct str str_trim(struct str s);
/* Split at the first `sep`: *head gets what precedes it, the result what follows
 * (len 0 and p NULL when sep is absent: then *head is all of s). */
bool str_split(struct str s, char sep, struct str *head, struct str *rest);
/* Strict decimal integer: optional '-', digits only, no overflow. */
int str_to_i64(struct str s, int64_t *out) ZQ_WUR;
/* At most 40 bytes of s for a message, cut at a character boundary, with
 * control characters and bytes that are not UTF-8 shown as '?' and "..."
 * appended when cut: a message built from input stays valid text.  Returns out. */
#define STR_EXCERPT_LEN 48
const char *str_excerpt(struct str s, char out[STR_EXCERPT_LEN]);
/* True if s is well-formed UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);
/* The character at p (left bytes) as ASCII, with full-width forms
 * U+FF01..U+FF5E and the ideographic space U+3000 folded to their ASCII
 * counterparts; 0 for anything else.  *k gets the bytes it takes: a whole
 * UTF-8 character, or 1 for a byte that does not start one. */
char str_fold_char(const char *p, size_t left, size_t *k);
/* One character of a string folded by str_fold_char, with the bytes it came
 * from. */
struct str_fch {
    char c;
    struct str orig;
};
/* Fold s into at most cap characters of out (letters upper-cased when upper);
 * returns the number of characters in s, which may exceed cap. */
size_t str_fold(struct str s, struct str_fch *out, size_t cap, bool upper);
/* The length of s cut to at most max bytes at a UTF-8 character boundary (for
 * "%.*s" in a message). */
int str_clip(struct str s, size_t max);

/* Line-based CSV of the reference tables (calendar, regions; the import files
 * go through core/csv.h).  str_next_line: the next line of data[0..len) from
 * *pos, without its LF and a CR before it; false at the end.
 * str_split_csv: at most max trimmed fields of a line (RFC 4180 quotes, which
 * may have blanks around them; no line break inside quotes).  Unquoted fields
 * point into the line, quoted ones into scratch (line.len bytes).  Returns the
 * number of fields, -1 for a stray or unclosed quote, max + 1 when there are
 * more fields. */
bool str_next_line(const char *data, size_t len, size_t *pos, struct str *line);
int str_split_csv(struct str line, struct str *f, int max, char *scratch);

struct buf {
    char *p; /* NUL-terminated while len < cap */
    size_t len;
    size_t cap; /* allocated */
    size_t max; /* hard limit on len */
};

void buf_init(struct buf *b, size_t max);
void buf_fini(struct buf *b);
void buf_reset(struct buf *b);
/* Return ZQ_ETOOBIG and leave b unchanged when the cap would be passed. */
int buf_append(struct buf *b, const void *p, size_t n) ZQ_WUR;
int buf_puts(struct buf *b, const char *s) ZQ_WUR;
int buf_putc(struct buf *b, char c) ZQ_WUR;
int buf_printf(struct buf *b, const char *fmt, ...) ZQ_WUR ZQ_PRINTF(2, 3);
/* Hand the bytes to the caller (free with zq_free); b is left empty. */
char *buf_steal(struct buf *b);

#endif
