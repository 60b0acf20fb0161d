/*
 * Fuzz target: the INI configuration reader.
 */
#include <stddef.h>
#include <stdint.h>

#include "core/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct config *c = config_new();
    struct zq_err e;

    if (config_parse(c, (const char *)data, size, "fuzz.ini", &e) == 0) {
        for (size_t i = 0; config_options[i].key != NULL; i++)
            (void)config_get(c, config_options[i].key);
    }
    config_free(c);
    return 0;
}
