/*
 * idcard.h - 居民身份证号码 (citizen identity numbers, GB 11643-1999).
 *
 * A worker is identified by the 18-character number: a 6-digit address code,
 * the 8-digit birth date, a 3-digit sequence (odd for men) and the ISO 7064
 * MOD 11-2 check character (0-9 or X).  zhiqian stores the normalised form:
 * 18 ASCII characters with an upper-case X.
 */
#ifndef ZQ_CORE_IDCARD_H
#define ZQ_CORE_IDCARD_H

#include "core/date.h"
#include "core/err.h"
#include "core/str.h"

#define IDCARD_LEN 18

/* GB/T 2261.1 sex codes, as idcard_sex returns them. */
#define IDCARD_MALE   1
#define IDCARD_FEMALE 2

/*
 * Validate and normalise an ID number.  Surrounding white space (ASCII and
 * U+3000) is trimmed, full-width digits and Ｘ/ｘ become ASCII, and x becomes X.
 * Then: 18 characters, digits except an X in the last place, a province code
 * of GB/T 2260 (county codes are not checked: retired codes stay on valid
 * cards), a real birth date from 1900-01-01 to date_today(), not all zeros,
 * and the right check character.  15-digit numbers of the old format are
 * refused.  On success out (caller's, IDCARD_LEN+1 bytes) holds the NUL-
 * terminated number; out is not written on failure.  Returns 0 or ZQ_EINVAL
 * with a Chinese reason in err.  Messages name the offending part (the
 * birth date, the check character) but never repeat the whole number, which
 * is personal data.
 */
int idcard_parse(struct str s, char out[IDCARD_LEN + 1], struct zq_err *err) ZQ_WUR;

/* The check character ('0'-'9' or 'X') for the first 17 characters of an ID
 * number, or '\0' when one of them is not an ASCII digit.  Reads 17 bytes. */
char idcard_check_char(const char *id17);

/* Birth date of a number accepted by idcard_parse (asserted). */
zq_date idcard_birth(const char *id);

/* IDCARD_MALE or IDCARD_FEMALE, from the parity of the 17th digit of a number
 * accepted by idcard_parse (asserted). */
int idcard_sex(const char *id);

/* Masked form for display: the first 6 and the last 4 characters, 8 '*'
 * between ("110105********002X").  Anything that is not 18 printable ASCII
 * characters (or NULL) becomes 18 '*'.  out is the caller's, IDCARD_LEN+1 bytes. */
void idcard_mask(const char *id, char out[IDCARD_LEN + 1]);

#endif
