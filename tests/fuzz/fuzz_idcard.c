/*
 * Fuzz target: idcard_parse, and the properties of every number it accepts:
 * it re-parses to itself, its check character is right, its birth date is
 * real and not after today, and the mask keeps only the first 6 and last 4.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/idcard.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str s = { (const char *)data, size };
    struct zq_err e;
    char out[IDCARD_LEN + 1], again[IDCARD_LEN + 1], mask[IDCARD_LEN + 1];
    int sex;

    zq_err_clear(&e);
    if (idcard_parse(s, out, &e) != 0) {
        if (e.code != ZQ_EINVAL || e.msg[0] == '\0' || !utf8_valid(e.msg, strlen(e.msg)))
            abort();
        return 0;
    }
    if (strlen(out) != IDCARD_LEN || strspn(out, "0123456789") < IDCARD_LEN - 1)
        abort();
    if (idcard_parse(str_from(out), again, NULL) != 0 || strcmp(again, out) != 0)
        abort();
    if (idcard_check_char(out) != out[17])
        abort();
    if (idcard_birth(out) > date_today())
        abort();
    sex = idcard_sex(out);
    if (sex != IDCARD_MALE && sex != IDCARD_FEMALE)
        abort();
    idcard_mask(out, mask);
    if (strlen(mask) != IDCARD_LEN || memcmp(mask, out, 6) != 0 ||
        memcmp(mask + 6, "********", 8) != 0 || memcmp(mask + 14, out + 14, 4) != 0)
        abort();
    return 0;
}
