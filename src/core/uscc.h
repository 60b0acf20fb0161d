/*
 * uscc.h - 统一社会信用代码 (unified social credit codes, GB 32100-2015).
 *
 * An enterprise is identified by its 18-character code: registration
 * authority, organisation type, 6-digit administrative division, 9-character
 * organisation code and a check character, all from the 31 characters
 * "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z).  zhiqian stores the
 * normalised form: 18 upper-case ASCII characters.  Codes are public, so they
 * are never masked.
 */
#ifndef ZQ_CORE_USCC_H
#define ZQ_CORE_USCC_H

#include "core/err.h"
#include "core/str.h"

#define USCC_LEN 18

/*
 * Validate and normalise a code.  Surrounding white space (ASCII and U+3000)
 * is trimmed, full-width characters become ASCII and letters upper case.
 * Then: 18 characters of the code's alphabet, not all zeros, and the right
 * check character.  Only the charset and the final check character are
 * checked: the organisation code inside (characters 9-17) has its own check
 * digit, but registrations converted from old codes carry values that fail
 * it, and they are valid codes all the same.  On success out (caller's,
 * USCC_LEN+1 bytes) holds the NUL-terminated code; out is not written on
 * failure.  Returns 0 or ZQ_EINVAL with a Chinese reason naming the value.
 */
int uscc_parse(struct str s, char out[USCC_LEN + 1], struct zq_err *err) ZQ_WUR;

/* The check character for the first 17 characters of a code (upper-case
 * ASCII), or '\0' when one of them is outside the alphabet.  Reads 17 bytes. */
char uscc_check_char(const char *code17);

#endif
