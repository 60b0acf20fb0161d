/*
 * Fuzz target: uscc_parse, and the properties of every code it accepts: it
 * re-parses to itself, uses only the code alphabet and has the right check
 * character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str s = { (const char *)data, size };
    struct zq_err e;
    char out[USCC_LEN + 1], again[USCC_LEN + 1];

    zq_err_clear(&e);
    if (uscc_parse(s, out, &e) != 0) {
        if (e.code != ZQ_EINVAL || e.msg[0] == '\0' || !utf8_valid(e.msg, strlen(e.msg)))
            abort();
        return 0;
    }
    if (strlen(out) != USCC_LEN || strspn(out, "0123456789ABCDEFGHJKLMNPQRTUWXY") != USCC_LEN)
        abort();
    if (uscc_check_char(out) != out[17])
        abort();
    if (uscc_parse(str_from(out), again, NULL) != 0 || strcmp(again, out) != 0)
        abort();
    return 0;
}
