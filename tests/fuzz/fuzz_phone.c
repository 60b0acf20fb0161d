/*
 * Fuzz target: phone_parse, and the properties of every number it accepts: it
 * re-parses to itself, fits PHONE_MAX, and its mask hides the middle digits;
 * bankcard_mask on the same bytes never overruns.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/phone.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct str s = { (const char *)data, size };
    struct zq_err e;
    char out[PHONE_MAX + 1], again[PHONE_MAX + 1], mask[PHONE_MAX + 1];
    char card[BANKCARD_MASK_LEN], *z = malloc(size + 1);

    memcpy(z, data, size);
    z[size] = '\0';
    bankcard_mask(z, card, sizeof(card));
    phone_mask(z, mask);
    free(z);
    zq_err_clear(&e);
    if (phone_parse(s, out, &e) != 0) {
        if (e.code != ZQ_EINVAL || e.msg[0] == '\0' || !utf8_valid(e.msg, strlen(e.msg)))
            abort();
        return 0;
    }
    if (strlen(out) > PHONE_MAX || phone_parse(str_from(out), again, NULL) != 0 ||
        strcmp(again, out) != 0)
        abort();
    phone_mask(out, mask);
    if (strlen(mask) > PHONE_MAX || (out[0] != '4' && out[0] != '8' && !strstr(mask, "****")))
        abort();
    return 0;
}
