/*
 * phone.h - telephone numbers of mainland China, and the masks shown for
 * phone and bank card numbers.
 *
 * Normalised forms (what phone_parse writes and the store keeps):
 *   mobile (手机)         "13812345678"            11 digits, 1[3-9]...
 *   landline (固定电话)   "010-12345678"           0 + area code, '-', 7-8 digits
 *                         "0755-1234567-801"       ... and '-' + an extension (分机)
 *   service (400/800)     "4001234567", "8001234567-2"
 */
#ifndef ZQ_CORE_PHONE_H
#define ZQ_CORE_PHONE_H

#include <stddef.h>

#include "core/err.h"
#include "core/str.h"

/* Longest normalised number: "0755-12345678-123456". */
#define PHONE_MAX     20
#define PHONE_EXT_MAX 6
/* "6222****1234" + NUL */
#define BANKCARD_MASK_LEN 13

/*
 * Validate and normalise a telephone number.  Surrounding white space (ASCII
 * and U+3000) is trimmed and full-width characters become ASCII.  Accepted:
 *  - mobiles: 11 digits starting 13-19, after an optional +86, 0086 or 86
 *    prefix; spaces and '-' inside are dropped ("138 1234 5678");
 *  - landlines: 0, an area code (2 more digits for 010 and 020-029, 3 for all
 *    others), optionally in parentheses and/or followed by '-' or a space,
 *    then 7 or 8 digits not starting with 0 (one '-' or space may group
 *    them), then optionally an extension of 1-6 digits after '-', "转",
 *    "分机", "ext", 'x' or '#'; +86 before a landline may drop the leading 0;
 *  - 400/800 service numbers: 10 digits, spaces and '-' dropped, with an
 *    optional extension as for landlines.
 * On success out (caller's, PHONE_MAX+1 bytes) holds the normalised number;
 * out is not written on failure.  Returns 0 or ZQ_EINVAL with a Chinese
 * reason; messages never repeat the whole number (personal data).
 */
int phone_parse(struct str s, char out[PHONE_MAX + 1], struct zq_err *err) ZQ_WUR;

/*
 * Masked form of a normalised number for display: mobiles keep the first 3
 * and last 4 digits ("138****1234"); landlines keep the area code and the
 * last 4 digits of the number, and drop any extension ("010-****5678");
 * 400/800 numbers are an enterprise's public number and stay as they are.
 * Anything else keeps only its last 4 characters when it has at least 8
 * ("****5678"), else becomes "****".  out is the caller's, PHONE_MAX+1 bytes.
 */
void phone_mask(const char *phone, char out[PHONE_MAX + 1]);

/*
 * Masked form of a bank card or account number (收款卡号, 专户账号): the first
 * 4 and last 4 characters around "****" ("6222****1234").  Numbers shorter
 * than 9 characters, or with anything but printable ASCII, become "****" so
 * that no short number is shown whole.  Writes at most cap bytes including the
 * NUL (BANKCARD_MASK_LEN always suffices; less truncates).  Returns out.
 */
char *bankcard_mask(const char *no, char *out, size_t cap);

#endif
